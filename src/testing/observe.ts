/**
 * `gateway test --live --target <url>`: another server (an exported nginx, HAProxy, Caddy…) is
 * judged by what its upstreams saw, not by gateway's Decision. The fixture services report it:
 * every reply carries `x-fixture-target` (the `host:port` the request reached) and
 * `x-fixture-url` (the request target as received); `echo` also reports the headers it got.
 */
import type { ResolvedConfig } from '../config/resolved.js';
import type { LiveResponse } from './compare.js';
import type { Mismatch, TestCase } from './types.js';

type Expect = TestCase['expect'];

/** The expectations only gateway's Decision can answer (route, auth, transforms); the rest is observed. */
export function decisionOnly(expect: Expect): Expect {
  const { route, auth, grpcMethod, soapOperation } = expect;
  return {
    ...(route !== undefined && { route }),
    ...(auth !== undefined && { auth }),
    ...(grpcMethod !== undefined && { grpcMethod }),
    ...(soapOperation !== undefined && { soapOperation }),
  };
}

/**
 * Compares upstream, target, path and upstream headers with what the fixture reports, and
 * status, response headers and body with the response.
 */
export function compareObserved(expect: Expect, response: LiveResponse, config: ResolvedConfig): Mismatch[] {
  const out: Mismatch[] = [];
  const reached = response.headers['x-fixture-target'];
  const url = response.headers['x-fixture-url'];
  if (expect.upstream !== undefined) {
    const targets = expect.upstream === null ? [] : (config.upstreams[expect.upstream]?.targets ?? []);
    const ok = expect.upstream === null ? reached === undefined : targets.some((t) => t.id === reached);
    if (!ok)
      out.push({
        field: 'upstream',
        expected: expect.upstream,
        actual: reached ? `a target at ${reached}` : null,
      });
  }
  if (expect.target !== undefined) {
    const wanted = expect.target.replace(/^\w+:\/\//, '').replace(/\/$/, '');
    if (wanted !== reached) out.push({ field: 'target', expected: expect.target, actual: reached ?? null });
  }
  // A redirect's Location is the answer's, whoever made it (gateway or the exported engine).
  if (expect.location !== undefined) {
    const actual = response.headers.location ?? null;
    if (actual !== expect.location) out.push({ field: 'location', expected: expect.location, actual });
  }
  if (expect.path !== undefined && expect.path !== url)
    out.push({ field: 'path', expected: expect.path, actual: url ?? null });
  if (expect.headers !== undefined) {
    const seen = echoedHeaders(response.body);
    for (const [name, value] of Object.entries(expect.headers)) {
      const actual =
        seen === undefined
          ? '(not reported: only the echo fixture reports headers)'
          : (seen[name.toLowerCase()] ?? null);
      if (actual !== value) out.push({ field: `headers.${name.toLowerCase()}`, expected: value, actual });
    }
  }
  return out;
}

function echoedHeaders(body: string): Record<string, string> | undefined {
  try {
    const parsed = JSON.parse(body) as { headers?: Record<string, string | string[]> };
    if (typeof parsed.headers !== 'object' || parsed.headers === null) return undefined;
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(parsed.headers))
      out[name] = Array.isArray(value) ? value.join(', ') : value;
    return out;
  } catch {
    return undefined;
  }
}
