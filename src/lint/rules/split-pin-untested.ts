/**
 * `split/pin-untested`: a pinned traffic split that no test case pins. The pin is how a tester
 * reaches the canary on purpose; a pin no case sends is a pin nobody has checked works.
 */
import type { LintRule, RuleFinding } from '../types.js';

export const splitPinUntested: LintRule = {
  id: 'split/pin-untested',
  severity: 'warn',
  description:
    'A traffic split has a pin (header or cookie) that no test case sends, so no test reaches a side on purpose.',
  help: "Add a case to `tests` that sends the pin, e.g. headers: { 'x-canary': 'orders-v2' }, expect: { split: { 'orders-v2': 1 } }.",
  check({ config }) {
    const findings: RuleFinding[] = [];
    for (const route of config.routes) {
      const pin = route.split?.pin;
      if (pin === undefined) continue;
      const sent = config.tests.some((testCase) => {
        const headers = Object.entries(testCase.request.headers ?? {});
        if (pin.kind === 'header') return headers.some(([name]) => name.toLowerCase() === pin.name);
        return headers.some(
          ([name, value]) =>
            name.toLowerCase() === 'cookie' &&
            value.split(';').some((part) => part.trim().startsWith(`${pin.name}=`)),
        );
      });
      if (sent) continue;
      findings.push({
        path: `routes[${route.index}].pin`,
        message: `no test case sends the ${pin.kind} "${pin.name}" that pins the split of "${route.name}" — add one that sends it and expects the side it names`,
      });
    }
    return findings;
  },
};
