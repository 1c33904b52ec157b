import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ResolvedCors } from '../src/config/resolved.js';
import { evaluateCors } from '../src/pipeline/cors.js';
import type { NormalizedRequest } from '../src/pipeline/types.js';

const cors: ResolvedCors = {
  origins: ['http://localhost:5173', /\.example\.test$/],
  methods: ['GET', 'POST'],
  headers: undefined,
  exposeHeaders: ['x-request-id'],
  credentials: true,
  maxAgeSeconds: 600,
};

function req(method: string, headers: Record<string, string>): NormalizedRequest {
  return {
    method,
    path: '/a',
    rawPath: '/a',
    query: '',
    host: 'localhost',
    headers,
    clientIp: '127.0.0.1',
    scheme: 'http',
    readBody: undefined,
  };
}

test('no CORS config: preflights are left alone (forwarded)', () => {
  const result = evaluateCors(
    undefined,
    req('OPTIONS', { origin: 'http://x', 'access-control-request-method': 'GET' }),
  );
  assert.is(result.kind, 'none');
});

test('a request without Origin is not a CORS request', () => {
  assert.is(evaluateCors(cors, req('GET', {})).kind, 'none');
});

test('preflight from an allowed origin is answered 204 with the requested headers reflected', () => {
  const result = evaluateCors(
    cors,
    req('OPTIONS', {
      origin: 'http://localhost:5173',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type',
    }),
  );
  assert.is(result.kind, 'preflight');
  if (result.kind !== 'preflight') return;
  assert.is(result.status, 204);
  assert.is(result.headers['access-control-allow-origin'], 'http://localhost:5173');
  assert.is(result.headers['access-control-allow-credentials'], 'true');
  assert.is(result.headers['access-control-allow-headers'], 'content-type');
  assert.is(result.headers['access-control-max-age'], '600');
});

test('preflight from another origin is refused with 403', () => {
  const result = evaluateCors(
    cors,
    req('OPTIONS', { origin: 'http://evil.test', 'access-control-request-method': 'GET' }),
  );
  assert.is(result.kind === 'preflight' && result.status, 403);
});

test('actual request from a RegExp-allowed origin gets allow-origin, vary and expose headers', () => {
  const result = evaluateCors(cors, req('GET', { origin: 'https://app.example.test' }));
  assert.is(result.kind, 'actual');
  if (result.kind !== 'actual') return;
  assert.equal(result.headers, {
    'access-control-allow-origin': 'https://app.example.test',
    'access-control-allow-credentials': 'true',
    vary: 'Origin',
    'access-control-expose-headers': 'x-request-id',
  });
});

test('wildcard origin without credentials answers *', () => {
  const result = evaluateCors(
    { ...cors, origins: '*', credentials: false },
    req('GET', { origin: 'http://a' }),
  );
  assert.is(result.kind === 'actual' && result.headers['access-control-allow-origin'], '*');
});

test.run();
