/**
 * `auth/inline-secret`: API keys and JWT secrets written into the config, where they end up in
 * git. Password hashes (basic auth) are not secrets and are not reported.
 */
import { formatKeyPath } from '../../config/issues.js';
import type { LintRule, RuleFinding } from '../types.js';

export const authInlineSecret: LintRule = {
  id: 'auth/inline-secret',
  severity: 'warn',
  description:
    'An API key or JWT secret is written in the config instead of read from the environment or a file.',
  help: "Read it from the environment, `{ env: 'ORDERS_API_KEY' }`, or from a file kept out of git, `{ file: './keys/orders.txt' }`.",
  check({ user }) {
    const findings: RuleFinding[] = [];
    for (const [name, provider] of Object.entries(user.auth ?? {})) {
      if (provider.type === 'api-key') {
        provider.keys.forEach((entry, i) => {
          if (typeof entry.key !== 'string') return;
          findings.push({
            path: formatKeyPath(['auth', name, 'keys', i, 'key']),
            message: `the API key of "${entry.name}" is written in the config — use key: { env: '${envName(name, entry.name)}' }`,
          });
        });
      } else if (provider.type === 'jwt' && typeof provider.secret === 'string') {
        findings.push({
          path: formatKeyPath(['auth', name, 'secret']),
          message: `the JWT secret of "${name}" is written in the config — use secret: { env: '${envName(name, 'secret')}' }`,
        });
      }
    }
    return findings;
  },
};

// A suggested variable name: `orders-api` + `ci` → `ORDERS_API_CI`.
function envName(...parts: string[]): string {
  return parts
    .join('_')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .toUpperCase();
}
