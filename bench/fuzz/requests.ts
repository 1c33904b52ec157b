/**
 * Random and mutated requests: a path that reaches some route, then zero or more tricks spliced
 * in (tricks.ts), with random methods, hosts, credentials, CORS and upgrade headers, queries
 * and bodies. Everything comes from the seeded `Rng`, so a failure is reproducible by index.
 */
import type { RequestInput } from '../../src/pipeline/types.js';
import type { Rng } from './random.js';
import { HOSTS, METHODS, ORIGINS, QUERY_TRICKS, SEGMENT_TRICKS, TARGET_TRICKS } from './tricks.js';

/** Credentials the generator may send (some valid for the configs, most not). */
export interface Credentials {
  readonly bearer: readonly string[];
  readonly apiKeys: readonly string[];
  readonly basic: readonly string[];
}

/** A request as the fuzzer keeps it: the `RequestInput` plus the body bytes (for printing). */
export interface FuzzRequest {
  readonly input: RequestInput;
  readonly body: string | undefined;
}

/** One request; `samples` are paths that reach the config's routes. */
export function generateRequest(rng: Rng, samples: readonly string[], credentials: Credentials): FuzzRequest {
  const method = rng.chance(0.85)
    ? rng.pick(['GET', 'GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS'])
    : rng.pick(METHODS);
  const url = rng.chance(0.05) ? rng.pick(TARGET_TRICKS) : mutatePath(rng, rng.pick(samples)) + query(rng);
  const headers: Record<string, string | string[]> = {};
  const host = rng.chance(0.8)
    ? rng.pick(['localhost', 'localhost:8080', 'api.local', '127.0.0.1'])
    : rng.pick(HOSTS);
  if (host !== undefined) headers.host = host;
  if (rng.chance(0.3)) headers.authorization = authorization(rng, credentials);
  if (rng.chance(0.15)) headers['x-api-key'] = rng.pick(credentials.apiKeys);
  if (rng.chance(0.2)) headers['x-tenant'] = rng.pick(['acme', 'globex', '', 'ACME']);
  if (rng.chance(0.15)) {
    headers.origin = rng.pick(ORIGINS);
    if (method === 'OPTIONS' || rng.chance(0.3))
      headers['access-control-request-method'] = rng.pick([
        'GET',
        'POST',
        'PUT',
        'DELETE',
        'PATCH',
        'bad method',
        '',
      ]);
  }
  if (rng.chance(0.05)) {
    headers.upgrade = rng.pick(['websocket', 'WebSocket', 'h2c', 'foo/1']);
    headers.connection = rng.pick(['Upgrade', 'keep-alive, upgrade', 'close']);
  }
  if (rng.chance(0.1)) headers['x-forwarded-for'] = rng.pick(['1.2.3.4', '1.2.3.4, 10.0.0.1', 'garbage', '']);
  if (rng.chance(0.05)) headers.cookie = rng.pick(['gw-users=127.0.0.1:4101', 'gw-users=nope', 'a=b']);
  if (rng.chance(0.05)) headers['x-user'] = 'forged-admin';
  const body = rng.chance(0.1)
    ? rng.pick(['{"id":42}', '{"quantity":1}', 'not json', '', '{"id":"x"}'])
    : undefined;
  const bytes = body === undefined ? undefined : new TextEncoder().encode(body);
  return {
    input: {
      method,
      url,
      headers,
      remoteAddress: rng.pick(['127.0.0.1', '::ffff:127.0.0.1', '::1', '10.0.0.7']),
      scheme: rng.chance(0.9) ? 'http' : 'https',
      readBody: bytes ? async () => bytes : undefined,
    },
    body,
  };
}

/** A path with tricks spliced in: replaced, inserted or appended segments, case changes, slashes. */
function mutatePath(rng: Rng, path: string): string {
  let segments = path.split('/').slice(1);
  const mutations = rng.chance(0.5) ? 0 : 1 + rng.int(3);
  for (let m = 0; m < mutations; m++) {
    const at = rng.int(segments.length + 1);
    switch (rng.int(7)) {
      case 0:
        segments.splice(at, 0, rng.pick(SEGMENT_TRICKS));
        break;
      case 1:
        segments[Math.min(at, segments.length - 1)] = rng.pick(SEGMENT_TRICKS);
        break;
      case 2:
        segments.splice(at, 0, '');
        break;
      case 3:
        segments = segments.map((s) => (rng.chance(0.5) ? s.toUpperCase() : s));
        break;
      case 4:
        segments[Math.min(at, segments.length - 1)] += rng.pick(SEGMENT_TRICKS);
        break;
      case 5:
        segments = segments.map((s) => (rng.chance(0.3) ? encodeSome(rng, s) : s));
        break;
      default:
        segments.push(...rng.pick(['', '..', 'x']).split(' '));
    }
  }
  return `/${segments.join('/')}`;
}

/** Percent-encodes some characters, unreserved ones included (which normalization decodes again). */
function encodeSome(rng: Rng, segment: string): string {
  let out = '';
  for (const ch of segment) {
    const code = ch.charCodeAt(0);
    out += code < 128 && rng.chance(0.4) ? `%${code.toString(16).padStart(2, '0')}` : ch;
  }
  return out;
}

function query(rng: Rng): string {
  if (rng.chance(0.6)) return '';
  return `?${rng.pick(QUERY_TRICKS)}${rng.chance(0.2) ? `&${rng.pick(QUERY_TRICKS)}` : ''}`;
}

function authorization(rng: Rng, credentials: Credentials): string {
  switch (rng.int(6)) {
    case 0:
    case 1:
      return `Bearer ${rng.pick(credentials.bearer)}`;
    case 2:
      return rng.pick(['Bearer ', 'Bearer x.y.z', 'bearer a.b', 'Bearer ..', 'Token abc', '']);
    case 3:
      // Basic costs a real password hash (bcrypt in the example): kept rare.
      return rng.chance(0.02) ? `Basic ${rng.pick(credentials.basic)}` : 'Basic !!!';
    default:
      return `Bearer ${rng.pick(credentials.bearer)}${rng.pick(['', 'x', '.', '=='])}`;
  }
}
