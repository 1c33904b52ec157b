/** The lint vocabulary: a rule, the context it checks, and the findings it reports. */
import type { ConfigIssue } from '../config/issues.js';
import type { ResolvedConfig } from '../config/resolved.js';
import type { UserConfig } from '../config/schema/index.js';
import type { CompiledMatch } from '../pipeline/match/api.js';

/** How serious a finding is. `off` (in `lint.rules`) turns a rule off. */
export type Severity = 'warn' | 'error';

/** One problem a rule found, placed in the config. */
export interface Finding {
  /** `area/problem`, e.g. `route/shadowed`. */
  readonly ruleId: string;
  readonly severity: Severity;
  /** What is wrong and how to fix it. */
  readonly message: string;
  /** Key path in the config: `routes[3].match.path`. */
  readonly path: string;
  /** The config file (absent for configs built in memory). */
  readonly file?: string;
  /** 1-based, where the config's source can be mapped. */
  readonly line?: number;
  readonly column?: number;
}

/** What a rule returns: the rest (rule id, severity, location) is added by the runner. */
export interface RuleFinding {
  readonly path: string;
  readonly message: string;
}

/** A route as rules see it: resolved, compiled, and in evaluation order. */
export interface LintRoute {
  readonly config: ResolvedConfig['routes'][number];
  /** Evaluation position: `priority` (higher first), then declared order. */
  readonly rank: number;
  readonly match: CompiledMatch;
}

/** Everything a rule may look at. Rules are pure: no files, no network. */
export interface LintContext {
  /** The config as written (validated by the schema, before resolving). */
  readonly user: UserConfig;
  /** The resolved config (of the repaired config, when reference problems had to be patched over). */
  readonly config: ResolvedConfig;
  /** Routes in evaluation order, each compiled once. */
  readonly routes: readonly LintRoute[];
  /** Issues from compiling transforms (gRPC protos, SOAP WSDLs); rules map the ones they own. */
  readonly compileIssues: readonly ConfigIssue[];
  /** Secret values that can be read without a network: inline strings, set env vars, readable files. */
  readonly secrets: ReadonlyMap<string, string>;
}

/**
 * One lint rule. Rules live one a file in src/lint/rules/ and are listed in rules/index.ts.
 * @example
 * export const routeEmptyMethods: LintRule = {
 *   id: 'route/empty-methods', severity: 'error', description: 'A route with `methods: []` matches nothing.',
 *   check: (ctx) => …,
 * };
 */
export interface LintRule {
  readonly id: string;
  /** Severity unless `lint.rules` says otherwise. */
  readonly severity: Severity;
  /** One sentence: what the rule catches (shown in SARIF and the docs). */
  readonly description: string;
  /** How to fix what it reports (SARIF `help`). */
  readonly help: string;
  /**
   * The config cannot load with such a problem (resolveConfig or compileTable refuses it), so the
   * finding is always an error: `lint.rules` cannot lower it, and a config that lints clean loads.
   */
  readonly loadError?: boolean;
  check(context: LintContext): readonly RuleFinding[];
}
