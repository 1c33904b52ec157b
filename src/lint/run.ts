/**
 * `lintConfig`: runs every rule over one config. The order of work:
 * 1. the schema must accept the config (a wrong shape is a load error, not a finding);
 * 2. rules that read the config as written run first; the problems they report that also stop
 *    the config from resolving (unknown names, bad targets) are patched over (repair.ts);
 * 3. the patched config is resolved and its routes compiled: what still fails is a load error;
 * 4. gRPC/SOAP transforms compile (only for configs that have such upstreams) and their
 *    unknown-method/operation issues become findings;
 * 5. every rule runs; `lint.rules` sets severities; findings get file:line:col.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type ConfigIssue, formatKeyPath, type Result } from '../config/issues.js';
import { resolveConfig } from '../config/resolve.js';
import type { ResolvedConfig } from '../config/resolved.js';
import { configSchema, type UserConfig } from '../config/schema/index.js';
import { didYouMean } from '../config/suggest.js';
import { compileRoute } from '../pipeline/match/index.js';
import { repairConfig } from './repair.js';
import { RULES } from './rules/index.js';
import { isTransformFinding } from './rules/transform-issues.js';
import type { Finding, LintContext, LintRoute, LintRule, Severity } from './types.js';

export interface LintInput {
  /** The config value as loaded (not yet validated). */
  readonly value: unknown;
  /** The config file, for locations. */
  readonly file?: string;
  /** The file's text, for line and column. */
  readonly source?: string;
  /** Folder relative paths are resolved against. */
  readonly dir: string;
  /** For secrets given as `{ env }` (auth/weak-hmac-secret). */
  readonly env: NodeJS.ProcessEnv;
}

export interface LintReport {
  /** Sorted by file position. */
  readonly findings: readonly Finding[];
  /** The rules that ran, with their effective severity. */
  readonly rules: readonly (LintRule & { readonly effective: Severity | 'off' })[];
}

/** Lints a config: findings, or the issues that stop it from loading at all. */
export async function lintConfig(input: LintInput): Promise<Result<LintReport>> {
  const parsed = configSchema.safeParse(input.value);
  if (!parsed.success) return fail(resolveConfig(input.value, { dir: input.dir }), input);
  const user = parsed.data as UserConfig;
  const severities = ruleSeverities(user);
  if (!severities.ok) return located(severities.issues, input);

  const resolved = resolveConfig(repairConfig(user), { dir: input.dir, file: input.file });
  if (!resolved.ok) return located(resolved.issues, input);
  const config = resolved.config;

  const routes = compileRoutes(config);
  if (!routes.ok) return located(routes.issues, input);

  const compileIssues = await compileTransformIssues(config, input.env);
  const fatal = compileIssues.filter((issue) => !isTransformFinding(issue.path));
  if (fatal.length > 0) return located(fatal, input);

  const context: LintContext = {
    user,
    config,
    routes: routes.routes,
    compileIssues,
    secrets: readableSecrets(user, input),
  };
  const findings: Finding[] = [];
  for (const rule of RULES) {
    const severity = severities.map.get(rule.id)!;
    if (severity === 'off') continue;
    for (const f of rule.check(context)) {
      findings.push({
        ruleId: rule.id,
        severity,
        message: f.message,
        path: f.path,
        ...(input.file && { file: input.file }),
      });
    }
  }
  const rules = RULES.map((rule) => ({ ...rule, effective: severities.map.get(rule.id)! }));
  return { ok: true, findings: sortFindings(await locate(findings, input)), rules };
}

/** Effective severity per rule: the default, `lint.rules`, and load-error rules always `error`. */
function ruleSeverities(user: UserConfig): Result<{ map: Map<string, Severity | 'off'> }> {
  const configured = user.lint?.rules ?? {};
  const issues: ConfigIssue[] = [];
  const ids = RULES.map((rule) => rule.id);
  for (const id of Object.keys(configured)) {
    if (!ids.includes(id)) {
      issues.push({
        path: `lint.rules[${JSON.stringify(id)}]`,
        message: `no rule is named ${JSON.stringify(id)}${didYouMean(id, ids) || ' — see `gateway lint --help` for the list'}`,
      });
    }
  }
  if (issues.length > 0) return { ok: false, issues };
  const map = new Map<string, Severity | 'off'>();
  for (const rule of RULES) {
    const wanted = configured[rule.id];
    map.set(rule.id, rule.loadError ? 'error' : wanted === undefined ? rule.severity : wanted);
  }
  return { ok: true, map };
}

function compileRoutes(config: ResolvedConfig): Result<{ routes: LintRoute[] }> {
  const order = [...config.routes].sort((a, b) => b.priority - a.priority || a.index - b.index);
  const routes: LintRoute[] = [];
  const issues: ConfigIssue[] = [];
  order.forEach((route, rank) => {
    const compiled = compileRoute(route);
    if (compiled.ok) routes.push({ config: route, rank, match: compiled.match });
    else issues.push(...compiled.issues);
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, routes };
}

// gRPC and SOAP compile only when the config has such upstreams, so a plain config never loads them;
// `check` builds no transform, and unchanged protos/WSDLs come from the description cache.
async function compileTransformIssues(
  config: ResolvedConfig,
  env: NodeJS.ProcessEnv,
): Promise<readonly ConfigIssue[]> {
  if (Object.values(config.upstreams).every((u) => u.protocol === 'http')) return [];
  const { compileTransforms } = await import('../pipeline/transform/compile.js');
  const compiled = await compileTransforms(config, { mode: 'check', cache: { env } });
  return compiled.ok ? [] : compiled.issues;
}

/** JWT secrets lint can read without a network, by key path (`auth.jwt.secret`). */
function readableSecrets(user: UserConfig, input: LintInput): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, provider] of Object.entries(user.auth ?? {})) {
    if (provider.type !== 'jwt' || provider.secret === undefined) continue;
    const secret = provider.secret;
    let value: string | undefined;
    if (typeof secret === 'string') value = secret;
    else if ('env' in secret) value = input.env[secret.env] || undefined;
    else {
      try {
        value = readFileSync(resolve(input.dir, secret.file), 'utf8').replace(/\r?\n+$/, '');
      } catch {
        value = undefined; // unreadable here (CI without the key file): not lint's to judge
      }
    }
    if (value !== undefined) out.set(formatKeyPath(['auth', name, 'secret']), value);
  }
  return out;
}

// The locator (and `yaml`, which it loads for data files) is imported only when there is something to locate.
async function locate(findings: Finding[], input: LintInput): Promise<Finding[]> {
  if (input.file === undefined || input.source === undefined || findings.length === 0) return findings;
  const { attachLocations } = await import('../config/locate.js');
  return attachLocations(findings, input.file, input.source) as Finding[];
}

async function located(issues: readonly ConfigIssue[], input: LintInput): Promise<Result<LintReport>> {
  if (input.file === undefined || input.source === undefined) return { ok: false, issues };
  const { attachLocations } = await import('../config/locate.js');
  return { ok: false, issues: attachLocations(issues, input.file, input.source) };
}

async function fail(
  result: Result<{ config: ResolvedConfig }>,
  input: LintInput,
): Promise<Result<LintReport>> {
  return result.ok
    ? { ok: false, issues: [{ path: '', message: 'the config does not match the schema' }] }
    : located(result.issues, input);
}

function sortFindings(findings: Finding[]): Finding[] {
  const order = (id: string) => RULES.findIndex((rule) => rule.id === id);
  return findings.sort(
    (a, b) =>
      (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0) || order(a.ruleId) - order(b.ruleId),
  );
}
