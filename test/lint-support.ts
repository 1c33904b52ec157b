/** Helpers for the lint tests: lint an in-memory config, list findings by rule. */
import { tmpdir } from 'node:os';
import type { UserConfig } from '../src/config/schema/index.js';
import type { Finding } from '../src/lint/types.js';
import { lintConfig } from '../src/lint/run.js';

/** Lints `config` (no file); throws when it does not load, so a test sees why. */
export async function lintFindings(
  config: unknown,
  env: NodeJS.ProcessEnv = {},
  dir = tmpdir(),
): Promise<readonly Finding[]> {
  const result = await lintConfig({ value: config, dir, env });
  if (!result.ok)
    throw new Error(`config did not load: ${result.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  return result.findings;
}

/** Findings of one rule. */
export async function findingsOf(
  ruleId: string,
  config: unknown,
  env?: NodeJS.ProcessEnv,
): Promise<readonly Finding[]> {
  return (await lintFindings(config, env)).filter((f) => f.ruleId === ruleId);
}

/** A minimal valid config with these routes (upstream `u` exists). */
export function withRoutes(routes: UserConfig['routes'], extra: Partial<UserConfig> = {}): UserConfig {
  return { upstreams: { u: 'http://127.0.0.1:4001' }, routes, ...extra };
}
