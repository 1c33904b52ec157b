/** Every lint rule, in the order findings of one location are listed. Add a rule here and in docs/lint.md. */
import type { LintRule } from '../types.js';
import { authInlineSecret } from './auth-inline-secret.js';
import { authPublicShadowsProtected } from './auth-public-shadows-protected.js';
import { authUnknownProvider } from './auth-unknown-provider.js';
import { authWeakHmacSecret } from './auth-weak-hmac-secret.js';
import { faultClientTriggered } from './fault-client-triggered.js';
import { healthMissing } from './health-missing.js';
import { matchPathParameters } from './match-path-parameters.js';
import { matchUnsafeRegex } from './match-unsafe-regex.js';
import { mirrorSelf } from './mirror-self.js';
import { redirectLoop } from './redirect-loop.js';
import { metricsShadowsRoute } from './metrics-shadows-route.js';
import { rewriteUnknownParam } from './rewrite-unknown-param.js';
import { routeDuplicateName } from './route-duplicate-name.js';
import { routeEmptyMethods } from './route-empty-methods.js';
import { routeShadowed } from './route-shadowed.js';
import { splitPinUntested } from './split-pin-untested.js';
import { splitZeroWeights } from './split-zero-weights.js';
import { testUnknownRoute } from './test-unknown-route.js';
import { grpcUnknownMethod, soapUnknownOperation } from './transform-issues.js';
import { upstreamDuplicateTarget } from './upstream-duplicate-target.js';
import { upstreamInvalidTarget } from './upstream-invalid-target.js';
import { upstreamUnknown } from './upstream-unknown.js';
import { upstreamUnused } from './upstream-unused.js';

export const RULES: readonly LintRule[] = [
  routeShadowed,
  routeDuplicateName,
  routeEmptyMethods,
  upstreamUnknown,
  upstreamUnused,
  upstreamDuplicateTarget,
  upstreamInvalidTarget,
  authUnknownProvider,
  authPublicShadowsProtected,
  authInlineSecret,
  authWeakHmacSecret,
  rewriteUnknownParam,
  redirectLoop,
  splitZeroWeights,
  splitPinUntested,
  mirrorSelf,
  matchUnsafeRegex,
  matchPathParameters,
  healthMissing,
  faultClientTriggered,
  grpcUnknownMethod,
  soapUnknownOperation,
  testUnknownRoute,
  metricsShadowsRoute,
];

/** The rule with this id, if any. */
export function findRule(id: string): LintRule | undefined {
  return RULES.find((rule) => rule.id === id);
}
