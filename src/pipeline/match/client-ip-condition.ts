/**
 * `match.clientIp`: the client address is in one of the CIDR ranges or equal to one of the
 * addresses. The client address is normalize's (`server.trustedProxies` decides whether
 * `X-Forwarded-For` counts), so a client cannot pick its own address by sending the header.
 */
import { BlockList, isIP } from 'node:net';
import type { ConditionEntry } from './conditions.js';

export const clientIp: ConditionEntry = {
  name: 'clientIp',
  compile({ clientIp: ranges }) {
    if (ranges === undefined) return undefined;
    const list = compileRanges(ranges);
    const expected = ranges.join(' | ');
    return (request) => {
      const ip = request.clientIp;
      const family = isIP(ip);
      if (family !== 0 && list.check(ip, family === 6 ? 'ipv6' : 'ipv4')) return undefined;
      return { condition: 'clientIp', expected, actual: ip === '' ? '(unknown)' : ip };
    };
  },
  summarize: ({ clientIp: ranges }) => (ranges ? `clientIp=${ranges.join('|')}` : ''),
};

/** `10.0.0.0/8`, `::1`, `2001:db8::/32` → a BlockList (checked at load by config's `cidrProblem`). */
function compileRanges(ranges: readonly string[]): BlockList {
  const list = new BlockList();
  for (const range of ranges) {
    const [address = '', bits] = range.split('/');
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return list;
}
