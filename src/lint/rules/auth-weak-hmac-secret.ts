/**
 * `auth/weak-hmac-secret`: an HS* secret shorter than its hash (RFC 7518 §3.2: HS256 needs at
 * least 32 bytes, HS384 48, HS512 64), which makes tokens guessable offline. Only secrets lint
 * can read are checked: inline, a set environment variable, or a readable file.
 */
import { formatKeyPath } from '../../config/issues.js';
import type { LintRule, RuleFinding } from '../types.js';

const MIN_BYTES: Readonly<Record<string, number>> = { HS256: 32, HS384: 48, HS512: 64 };

export const authWeakHmacSecret: LintRule = {
  id: 'auth/weak-hmac-secret',
  severity: 'error',
  description: 'An HMAC (HS*) JWT secret is shorter than its hash, so tokens can be forged by guessing it.',
  help: 'Use a random secret at least as long as the hash: 32 bytes for HS256 (`openssl rand -base64 32`), 48 for HS384, 64 for HS512.',
  check({ user, secrets }) {
    const findings: RuleFinding[] = [];
    for (const [name, provider] of Object.entries(user.auth ?? {})) {
      if (provider.type !== 'jwt') continue;
      const needed = Math.max(0, ...provider.algorithms.map((alg) => MIN_BYTES[alg] ?? 0));
      if (needed === 0) continue;
      const path = formatKeyPath(['auth', name, 'secret']);
      const value = secrets.get(path);
      if (value === undefined) continue;
      const bytes = Buffer.byteLength(value, 'utf8');
      if (bytes >= needed) continue;
      const algorithm = provider.algorithms.find((alg) => MIN_BYTES[alg] === needed);
      findings.push({
        path,
        message: `the ${algorithm} secret of "${name}" is ${bytes} bytes; ${algorithm} needs at least ${needed} — generate one with \`openssl rand -base64 ${needed}\``,
      });
    }
    return findings;
  },
};
