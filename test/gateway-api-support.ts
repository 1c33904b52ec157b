/**
 * Helpers for the Gateway API export tests: the objects of an exported file, validated against
 * the Gateway API schemas (@kubernetes-models/gateway-api, generated from the Go types, so
 * standard and experimental fields alike) and against the CEL rules of the CRDs that JSON
 * schemas cannot carry (a redirect never beside backends, ReplacePrefixMatch on exactly one
 * PathPrefix match, one filter of each kind, one action per header name).
 */
import {
  BackendTLSPolicy,
  Gateway,
  GRPCRoute,
  HTTPRoute,
} from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1';
import { parseAllDocuments } from 'yaml';

const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  Gateway: Gateway as never,
  HTTPRoute: HTTPRoute as never,
  GRPCRoute: GRPCRoute as never,
  BackendTLSPolicy: BackendTLSPolicy as never,
};

export interface KubeObject {
  kind: string;
  metadata: { name: string };
  spec: Record<string, unknown>;
}

export interface Rule {
  matches: {
    path?: { type: string; value: string };
    method?: string;
    headers?: { type: string; name: string; value: string }[];
  }[];
  filters?: Filter[];
  backendRefs?: { name: string; port: number; weight?: number }[];
  timeouts?: { request: string };
}

export interface Filter {
  type: string;
  requestRedirect?: Record<string, unknown> & { path?: { type: string } };
  urlRewrite?: { path?: { type: string; replacePrefixMatch?: string; replaceFullPath?: string } };
  requestMirror?: Record<string, unknown>;
  responseHeaderModifier?: Record<string, { name: string; value: string }[] | string[]>;
}

/** Every object of an exported YAML file. */
export function objects(content: string): KubeObject[] {
  return parseAllDocuments(content)
    .map((doc) => doc.toJS())
    .filter(Boolean);
}

/** The rules of the HTTPRoute named `name`. */
export function rulesOf(content: string, name: string): Rule[] {
  const route = objects(content).find((o) => o.kind === 'HTTPRoute' && o.metadata.name === name);
  if (!route) throw new Error(`no HTTPRoute ${name}`);
  return route.spec.rules as Rule[];
}

/** Validates every Gateway API object (schemas and CEL rules); returns how many were checked. */
export function validateAll(content: string): number {
  let checked = 0;
  for (const object of objects(content)) {
    const Model = MODELS[object.kind];
    if (!Model) continue;
    new Model(object as never).validate();
    if (object.kind === 'HTTPRoute') {
      const problems = (object.spec.rules as Rule[]).flatMap(celProblems);
      if (problems.length > 0) throw new Error(`${object.metadata.name}: ${problems.join('; ')}`);
    }
    checked++;
  }
  return checked;
}

/** The CEL rules of HTTPRouteRule and HTTPRouteFilter a rule breaks (the CRD's messages, shortened). */
export function celProblems(rule: Rule): string[] {
  const problems: string[] = [];
  const filters = rule.filters ?? [];
  const redirect = filters.find((f) => f.type === 'RequestRedirect');
  if (redirect && (rule.backendRefs?.length ?? 0) > 0)
    problems.push('RequestRedirect filter must not be used together with backendRefs');
  const prefixReplaced = filters.some(
    (f) => (f.requestRedirect ?? f.urlRewrite)?.path?.type === 'ReplacePrefixMatch',
  );
  if (prefixReplaced && (rule.matches.length !== 1 || rule.matches[0]!.path?.type !== 'PathPrefix'))
    problems.push('with path.replacePrefixMatch, exactly one PathPrefix match must be specified');
  for (const type of new Set(filters.map((f) => f.type)))
    if (type !== 'RequestMirror' && filters.filter((f) => f.type === type).length > 1)
      problems.push(`${type} filter cannot be repeated`);
  if (redirect && filters.some((f) => f.type === 'URLRewrite'))
    problems.push('either RequestRedirect or URLRewrite, not both');
  for (const f of filters) {
    const mirror = f.requestMirror;
    if (mirror && 'percent' in mirror && 'fraction' in mirror)
      problems.push('only one of percent or fraction may be specified');
    const edits = f.responseHeaderModifier;
    if (edits) {
      const names = [
        ...((edits.set ?? []) as { name: string }[]).map((h) => h.name),
        ...((edits.add ?? []) as { name: string }[]).map((h) => h.name),
        ...((edits.remove ?? []) as string[]),
      ].map((n) => n.toLowerCase());
      if (new Set(names).size < names.length) problems.push('one action per header name');
    }
  }
  return problems;
}
