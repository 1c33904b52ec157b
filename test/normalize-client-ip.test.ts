import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { normalize, resolveClientIp } from '../src/pipeline/normalize.js';

// Rule → peer, X-Forwarded-For, trusted proxies → client address.
const cases: [
  rule: string,
  peer: string,
  xff: string | string[] | undefined,
  trusted: string[],
  expected: string,
][] = [
  ['no trusted proxies: the peer, XFF ignored', '203.0.113.9', '1.1.1.1', [], '203.0.113.9'],
  ['IPv4-mapped peer is unmapped', '::ffff:127.0.0.1', undefined, [], '127.0.0.1'],
  ['untrusted peer: XFF ignored (it could be forged)', '203.0.113.9', '1.1.1.1', ['10.0.0.1'], '203.0.113.9'],
  ['trusted peer without XFF: the peer', '10.0.0.1', undefined, ['10.0.0.1'], '10.0.0.1'],
  ['trusted peer: right-most XFF entry', '10.0.0.1', '1.1.1.1, 198.51.100.4', ['10.0.0.1'], '198.51.100.4'],
  [
    'trusted hops are skipped from the right',
    '10.0.0.1',
    '1.1.1.1, 198.51.100.4, 10.0.0.2',
    ['10.0.0.1', '10.0.0.2'],
    '198.51.100.4',
  ],
  [
    'client-written entries left of the first untrusted one are never used',
    '127.0.0.1',
    '6.6.6.6, 198.51.100.4',
    ['loopback'],
    '198.51.100.4',
  ],
  ['loopback keyword covers 127.0.0.0/8', '127.8.9.10', '198.51.100.4', ['loopback'], '198.51.100.4'],
  ['loopback keyword covers ::1', '::1', '198.51.100.4', ['loopback'], '198.51.100.4'],
  [
    'loopback keyword covers IPv4-mapped loopback',
    '::ffff:127.0.0.1',
    '198.51.100.4',
    ['loopback'],
    '198.51.100.4',
  ],
  [
    'repeated XFF headers are read as one list',
    '127.0.0.1',
    ['1.1.1.1', '198.51.100.4'],
    ['loopback'],
    '198.51.100.4',
  ],
  ['entries with ports', '127.0.0.1', '198.51.100.4:5555', ['loopback'], '198.51.100.4'],
  ['bracketed IPv6 entries', '127.0.0.1', '[2001:DB8::1]:443', ['loopback'], '2001:db8::1'],
  ['every hop trusted: the left-most', '127.0.0.1', '127.0.0.2, 127.0.0.3', ['loopback'], '127.0.0.2'],
  [
    'malformed entry: stop at the last vouched hop',
    '127.0.0.1',
    '1.1.1.1, not-an-ip',
    ['loopback'],
    '127.0.0.1',
  ],
  ['empty entries are skipped', '127.0.0.1', '198.51.100.4, ', ['loopback'], '198.51.100.4'],
];

for (const [rule, peer, xff, trusted, expected] of cases) {
  test(`clientIp: ${rule}`, () => {
    assert.is(resolveClientIp(peer, xff, trusted), expected);
  });
}

test('normalize uses X-Forwarded-For only from trusted proxies', () => {
  const request = (remoteAddress: string) => ({
    method: 'GET',
    url: '/',
    headers: { host: 'localhost', 'x-forwarded-for': '198.51.100.4' },
    remoteAddress,
    scheme: 'http' as const,
  });
  const trusted = normalize(request('::ffff:127.0.0.1'), { trustedProxies: ['loopback'] });
  assert.ok(trusted.ok && trusted.request.clientIp === '198.51.100.4');
  const untrusted = normalize(request('192.0.2.1'), { trustedProxies: ['loopback'] });
  assert.ok(untrusted.ok && untrusted.request.clientIp === '192.0.2.1');
});

test.run();
