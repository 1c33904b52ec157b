/** `test/unknown-route`: a route test expects a route name that no route has (renamed or misspelt). */
import { didYouMean } from '../../config/suggest.js';
import type { LintRule } from '../types.js';

export const testUnknownRoute: LintRule = {
  id: 'test/unknown-route',
  severity: 'error',
  description: 'A route test expects a route that does not exist.',
  help: 'Fix the expected route name (routes are matched by `name`), or use `route: null` to expect that nothing matches.',
  check({ user }) {
    const names = user.routes.map((route) => route.name);
    return (user.tests ?? []).flatMap((test, index) => {
      const expected = test.expect.route;
      if (typeof expected !== 'string' || names.includes(expected)) return [];
      const hint = didYouMean(expected, names) || ' — it would always fail';
      return [
        {
          path: `tests[${index}].expect.route`,
          message: `no route is named ${JSON.stringify(expected)}${hint}`,
        },
      ];
    });
  },
};
