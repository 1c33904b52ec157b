/**
 * `google.api.http` bindings: every (HTTP method, path template, body) a proto's annotations
 * declare, including `additional_bindings`, and the lookup that picks one for a request.
 */
import { matchPathTemplate, type PathTemplate, parsePathTemplate } from './path-template.js';

/** One HTTP binding of one RPC. */
export interface HttpBinding {
  /** `shop.v1.ProductService/GetProduct`. */
  readonly rpc: string;
  /** Upper-case HTTP method (`custom` kinds too). */
  readonly httpMethod: string;
  readonly template: PathTemplate;
  /** `''`: no body; `'*'`: the whole message; else the field path that takes the body. */
  readonly body: string;
  /** `response_body`: the field path of the response that is the answer, or `undefined` for all of it. */
  readonly responseBody: string | undefined;
  /** For explain: `GET /api/products/{id}`. */
  readonly label: string;
}

export type BindingLookup =
  | { readonly ok: true; readonly binding: HttpBinding; readonly variables: Record<string, string> }
  | {
      readonly ok: false;
      readonly status: 404 | 405;
      readonly detail: string;
      readonly allow?: readonly string[];
    };

const VERBS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Reads the bindings of one RPC's `(google.api.http)` option; problems are returned as messages. */
export function readBindings(rpc: string, rule: unknown): { bindings: HttpBinding[]; problems: string[] } {
  const bindings: HttpBinding[] = [];
  const problems: string[] = [];
  const visit = (value: unknown, nested: boolean): void => {
    if (typeof value !== 'object' || value === null) return;
    const r = value as Record<string, unknown>;
    const custom = r.custom as { kind?: unknown; path?: unknown } | undefined;
    const verb = VERBS.find((v) => typeof r[v] === 'string');
    const httpMethod = verb
      ? verb.toUpperCase()
      : typeof custom?.kind === 'string'
        ? custom.kind.toUpperCase()
        : undefined;
    const path = verb ? (r[verb] as string) : typeof custom?.path === 'string' ? custom.path : undefined;
    if (httpMethod && path) {
      const template = parsePathTemplate(path);
      if (typeof template === 'string') problems.push(`${rpc}: ${template}`);
      else {
        const body = typeof r.body === 'string' ? r.body : '';
        const responseBody =
          typeof r.response_body === 'string' && r.response_body ? r.response_body : undefined;
        bindings.push({ rpc, httpMethod, template, body, responseBody, label: `${httpMethod} ${path}` });
      }
    }
    // protobufjs gives one additional binding as an object and several as an array.
    if (!nested) for (const extra of [r.additional_bindings ?? []].flat()) visit(extra, true);
  };
  visit(rule, false);
  return { bindings, problems };
}

/**
 * The binding for a request: among those whose template matches the path, the one with a verb,
 * then the most literal segments, then the one without `**`, then declared order. A path that matches only under other
 * methods is a 405 naming them.
 */
export function findBinding(
  bindings: readonly HttpBinding[],
  httpMethod: string,
  path: string,
): BindingLookup {
  let best: { binding: HttpBinding; variables: Record<string, string> } | undefined;
  const allow = new Set<string>();
  for (const binding of bindings) {
    const variables = matchPathTemplate(binding.template, path);
    if (!variables) continue;
    if (binding.httpMethod !== httpMethod) {
      allow.add(binding.httpMethod);
      continue;
    }
    if (!best || rank(binding) > rank(best.binding)) best = { binding, variables };
  }
  if (best) return { ok: true, ...best };
  if (allow.size > 0) {
    const methods = [...allow].sort();
    return {
      ok: false,
      status: 405,
      detail: `${httpMethod} ${path} is not bound; methods bound to this path: ${methods.join(', ')}`,
      allow: methods,
    };
  }
  const known = bindings.map((b) => b.label).join(', ');
  return {
    ok: false,
    status: 404,
    detail: `no google.api.http binding matches ${httpMethod} ${path} (bindings: ${known || 'none'})`,
  };
}

function rank(binding: HttpBinding): number {
  const { verb, literals, segments } = binding.template;
  // "**" can match what a literal template names exactly (`/v1/files` under `/v1/{name=files/**}`).
  const hasRest = segments.some((s) => s.kind === 'rest');
  return (verb !== undefined ? 1000 : 0) + literals * 10 - (hasRest ? 1 : 0);
}
