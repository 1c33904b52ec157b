/**
 * `compileAuthProviders`: secrets from the environment, files and inline values; keys and
 * JWKS loaded once; every problem a ConfigIssue at its key path (never a throw); the files
 * providers read listed for live reload. Plus the redaction helpers.
 */
import { exportSPKI, generateKeyPair } from 'jose';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { authorize, redactHeaders, redactQuery } from '../src/pipeline/auth/index.js';
import { compile, compileRaw, context, request, routeAuth, tempDir, writeTemp } from './auth-support.js';

const dir = tempDir();
const ec = await generateKeyPair('ES256', { extractable: true });
const ecPem = writeTemp(dir, 'ec.pem', await exportSPKI(ec.publicKey));

async function issues(providers: Parameters<typeof compileRaw>[0], env: Record<string, string> = {}) {
  const result = await compileRaw(providers, { env });
  assert.is(result.ok, false, 'expected issues');
  return result.ok ? [] : result.issues.map((i) => `${i.path}: ${i.message}`);
}

test('a missing environment variable is an issue at the key path', async () => {
  assert.equal(
    await issues({ orders: { type: 'api-key', keys: [{ name: 'ci', key: { env: 'ORDERS_KEY' } }] } }),
    ['auth.orders.keys[0].key: environment variable ORDERS_KEY is not set'],
  );
  assert.equal(
    await issues(
      { 'orders-jwt': { type: 'jwt', algorithms: ['HS256'], secret: { env: 'JWT_SECRET' } } },
      { JWT_SECRET: '' },
    ),
    ['auth["orders-jwt"].secret: environment variable JWT_SECRET is not set'],
  );
});

test('a secret file is read once, its trailing newline trimmed, and listed for live reload', async () => {
  const file = writeTemp(dir, 'ci.key', 'file-key-abcdef\n');
  const { providers, files } = await compile({
    key: { type: 'api-key', keys: [{ name: 'ci', key: { file } }] },
  });
  assert.equal(files, [file]);
  const outcome = await authorize(
    routeAuth('key'),
    providers,
    request({ headers: { 'x-api-key': 'file-key-abcdef' } }),
    context(),
  );
  assert.is(outcome.result, 'allow');
  assert.equal(
    await issues({ key: { type: 'api-key', keys: [{ name: 'ci', key: { file: `${dir}/absent.key` } }] } }),
    [`auth.key.keys[0].key: cannot read ${dir}/absent.key (no such file)`],
  );
});

test('PEM and JWKS files are listed for live reload', async () => {
  const jwks = writeTemp(dir, 'one.json', JSON.stringify({ keys: [{ kty: 'oct', k: 'AAAA', kid: 'x' }] }));
  const { files } = await compile({
    a: { type: 'jwt', algorithms: ['ES256'], publicKey: ecPem },
    b: { type: 'jwt', algorithms: ['ES256'], jwks },
  });
  assert.equal([...files].sort(), [ecPem, jwks].sort());
});

test('keys that cannot verify the configured algorithms are issues', async () => {
  const [issue] = await issues({ j: { type: 'jwt', algorithms: ['RS256'], publicKey: ecPem } });
  assert.ok(issue?.startsWith(`auth.j.publicKey: ${ecPem} cannot verify RS256: `), issue);
  const garbage = writeTemp(dir, 'garbage.pem', 'not a key');
  assert.match(
    (await issues({ j: { type: 'jwt', algorithms: ['ES256'], publicKey: garbage } }))[0]!,
    /cannot verify ES256/,
  );
});

test('JWT key sources must fit the algorithms', async () => {
  assert.equal(await issues({ j: { type: 'jwt', algorithms: ['HS256', 'RS256'] } }), [
    'auth.j.secret: algorithms include HS256, which need a secret',
    'auth.j.publicKey: algorithms include RS256, which need a publicKey (PEM) or a jwks',
  ]);
  assert.equal(
    await issues({
      j: { type: 'jwt', algorithms: ['ES256'], publicKey: ecPem, jwks: 'https://idp.test/jwks' },
    }),
    ['auth.j.jwks: set either publicKey or jwks, not both'],
  );
});

test('a broken local JWKS is an issue', async () => {
  const notJson = writeTemp(dir, 'bad.json', '{ nope');
  const empty = writeTemp(dir, 'empty.json', '{"keys":[]}');
  assert.match(
    (await issues({ j: { type: 'jwt', algorithms: ['ES256'], jwks: notJson } }))[0]!,
    /^auth\.j\.jwks: .*bad\.json is not JSON: /,
  );
  assert.equal(await issues({ j: { type: 'jwt', algorithms: ['ES256'], jwks: empty } }), [
    `auth.j.jwks: ${empty} is not a JWKS: expected { "keys": [ … ] } with at least one key`,
  ]);
});

test('issues from several providers are all reported together', async () => {
  const found = await issues({
    a: {
      type: 'api-key',
      keys: [
        { name: 'x', key: { env: 'A' } },
        { name: 'y', key: { env: 'B' } },
      ],
    },
    b: { type: 'basic', users: [{ name: 'u', hash: 'plain' }] },
  });
  assert.is(found.length, 3);
});

test('redactHeaders hides credentials, including configured api-key headers', async () => {
  const { providers } = await compile({
    partner: { type: 'api-key', header: 'X-Partner-Token', keys: [{ name: 'p', key: 'k-123456' }] },
  });
  const headers = {
    authorization: 'Bearer eyJhbGciOi.x.y',
    'proxy-authorization': 'Basic Zm9vOmJhcg==',
    cookie: ['session=abc', 'csrf=def'],
    'x-api-key': 'k',
    'x-partner-token': 'k-123456',
    accept: 'application/json',
  };
  assert.equal(redactHeaders(headers, providers), {
    authorization: '[redacted]',
    'proxy-authorization': '[redacted]',
    cookie: ['[redacted]', '[redacted]'],
    'x-api-key': '[redacted]',
    'x-partner-token': '[redacted]',
    accept: 'application/json',
  });
  assert.is(
    redactHeaders(headers)['x-partner-token'],
    'k-123456',
    'without providers only the usual names are known',
  );
});

test('redactQuery hides api-key query parameters and nothing else', async () => {
  const { providers } = await compile({
    q: { type: 'api-key', query: 'api_key', keys: [{ name: 'p', key: 'k-123456' }] },
  });
  assert.is(
    redactQuery('page=2&api_key=k-123456&api_key=other', providers),
    'page=2&api_key=[redacted]&api_key=[redacted]',
  );
  assert.is(redactQuery('page=2', providers), 'page=2');
});

test.run();
