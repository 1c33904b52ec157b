/**
 * One conformance suite run against every auth provider (and every key source of `jwt`):
 * a valid credential allows and is stripped; no credential is a 401 with a challenge; a
 * wrong credential is a 401; and no outcome ever contains a secret, a password or a token.
 */
import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AuthProviderConfig } from '../src/config/schema/index.js';
import { hashPassword } from '../src/commands/hash-password.js';
import { authorize } from '../src/pipeline/auth/index.js';
import type { AuthOutcome } from '../src/pipeline/types.js';
import {
  basicHeader,
  compile,
  context,
  NOW,
  request,
  routeAuth,
  serve,
  tempDir,
  writeTemp,
} from './auth-support.js';

interface Case {
  readonly name: string;
  readonly provider: AuthProviderConfig;
  readonly env?: Record<string, string>;
  /** Headers/query of a request the provider accepts, and of one it refuses. */
  readonly valid: { headers?: Record<string, string>; query?: string };
  readonly wrong: { headers?: Record<string, string>; query?: string };
  readonly identity: string;
  /** Where the credential travels, as `authorize` should strip it. */
  readonly strips: { header?: string; query?: string };
  /** `WWW-Authenticate` scheme of the 401; `passthrough`: the auth service's own (forward auth). */
  readonly scheme: string | 'passthrough';
  /** Strings that must never appear in an outcome. */
  readonly secrets: readonly string[];
}

const dir = tempDir();
const iat = Math.floor(NOW / 1000);
const claims = { sub: 'ada', iss: 'https://issuer.test', aud: 'gateway-demo', iat, exp: iat + 600 };
const rsa = await generateKeyPair('RS256', { extractable: true });
const ec = await generateKeyPair('ES256', { extractable: true });
const ed = await generateKeyPair('EdDSA', { extractable: true });
const rsaPem = writeTemp(dir, 'rsa.pem', await exportSPKI(rsa.publicKey));
const edPem = writeTemp(dir, 'ed.pem', await exportSPKI(ed.publicKey));
const { exportJWK } = await import('jose');
const jwksFile = writeTemp(
  dir,
  'jwks.json',
  JSON.stringify({ keys: [{ ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256' }] }),
);
const hmac = 'conformance-hmac-secret-0123456789abcdef';

const sign = (alg: string, key: CryptoKey | Uint8Array, extra: Record<string, unknown> = {}, kid?: string) =>
  new SignJWT({ ...claims, ...extra }).setProtectedHeader({ alg, ...(kid && { kid }) }).sign(key);
const jwtBase = { type: 'jwt', issuer: 'https://issuer.test', audience: 'gateway-demo' } as const;

async function jwtCase(
  name: string,
  provider: AuthProviderConfig,
  good: string,
  bad: string,
  env?: Record<string, string>,
): Promise<Case> {
  return {
    name,
    provider,
    ...(env && { env }),
    valid: { headers: { authorization: `Bearer ${good}` } },
    wrong: { headers: { authorization: `Bearer ${bad}` } },
    identity: 'ada',
    strips: { header: 'authorization' },
    scheme: 'Bearer',
    secrets: [good, bad, good.split('.')[2]!, hmac],
  };
}

const forwardService = await serve((req, res) => {
  if (req.headers.authorization === 'Bearer forward-good-credential') {
    res.writeHead(200, { 'x-auth-request-user': 'ada' }).end();
  } else {
    res
      .writeHead(401, { 'www-authenticate': 'Bearer realm="sso"', 'content-type': 'application/json' })
      .end('{"error":"login required"}');
  }
});

const cases: Case[] = [
  {
    name: 'api-key (header, key from env)',
    provider: { type: 'api-key', keys: [{ name: 'ci', key: { env: 'CI_KEY' } }] },
    env: { CI_KEY: 'key-valid-7f3a9c0e5d' },
    valid: { headers: { 'x-api-key': 'key-valid-7f3a9c0e5d' } },
    wrong: { headers: { 'x-api-key': 'key-wrong-11111111' } },
    identity: 'ci',
    strips: { header: 'x-api-key' },
    scheme: 'ApiKey',
    secrets: ['key-valid-7f3a9c0e5d', 'key-wrong-11111111'],
  },
  {
    name: 'api-key (query)',
    provider: { type: 'api-key', query: 'api_key', keys: [{ name: 'partner', key: 'query-key-5e6f7a8b' }] },
    valid: { query: 'x=1&api_key=query-key-5e6f7a8b' },
    wrong: { query: 'api_key=query-key-wrong' },
    identity: 'partner',
    strips: { query: 'api_key' },
    scheme: 'ApiKey',
    secrets: ['query-key-5e6f7a8b', 'query-key-wrong'],
  },
  {
    name: 'basic (scrypt)',
    provider: { type: 'basic', users: [{ name: 'ada', hash: await hashPassword('lovelace-pw-1815') }] },
    valid: { headers: { authorization: basicHeader('ada', 'lovelace-pw-1815') } },
    wrong: { headers: { authorization: basicHeader('ada', 'babbage-pw-1791') } },
    identity: 'ada',
    strips: { header: 'authorization' },
    scheme: 'Basic',
    secrets: ['lovelace-pw-1815', 'babbage-pw-1791', basicHeader('ada', 'lovelace-pw-1815').slice(6)],
  },
  {
    name: 'basic (bcrypt)',
    provider: {
      type: 'basic',
      users: [{ name: 'ada', hash: await hashPassword('lovelace-pw-1815', { algorithm: 'bcrypt' }) }],
    },
    valid: { headers: { authorization: basicHeader('ada', 'lovelace-pw-1815') } },
    wrong: { headers: { authorization: basicHeader('ada', 'babbage-pw-1791') } },
    identity: 'ada',
    strips: { header: 'authorization' },
    scheme: 'Basic',
    secrets: ['lovelace-pw-1815', 'babbage-pw-1791'],
  },
  await jwtCase(
    'jwt (HS256, secret from env)',
    { ...jwtBase, algorithms: ['HS256'], secret: { env: 'JWT_SECRET' } },
    await sign('HS256', new TextEncoder().encode(hmac)),
    await sign('HS256', new TextEncoder().encode('another-secret-entirely-000000000')),
    { JWT_SECRET: hmac },
  ),
  await jwtCase(
    'jwt (RS256, PEM)',
    { ...jwtBase, algorithms: ['RS256'], publicKey: rsaPem },
    await sign('RS256', rsa.privateKey),
    await sign('RS256', (await generateKeyPair('RS256')).privateKey),
  ),
  await jwtCase(
    'jwt (ES256, local JWKS)',
    { ...jwtBase, algorithms: ['ES256'], jwks: jwksFile },
    await sign('ES256', ec.privateKey, {}, 'ec-1'),
    await sign('ES256', (await generateKeyPair('ES256')).privateKey, {}, 'ec-1'),
  ),
  await jwtCase(
    'jwt (EdDSA, PEM)',
    { ...jwtBase, algorithms: ['EdDSA'], publicKey: edPem },
    await sign('EdDSA', ed.privateKey),
    await sign('EdDSA', (await generateKeyPair('EdDSA')).privateKey),
  ),
  {
    name: 'forward',
    provider: { type: 'forward', url: `${forwardService.url}/verify` },
    valid: { headers: { authorization: 'Bearer forward-good-credential' } },
    wrong: { headers: { authorization: 'Bearer forward-bad-credential' } },
    identity: 'ada',
    // Forward auth leaves the request as the client sent it, as Traefik does.
    strips: {},
    scheme: 'passthrough',
    secrets: ['forward-good-credential', 'forward-bad-credential'],
  },
];

function assertNoSecret(outcome: AuthOutcome, secrets: readonly string[]): void {
  const text = JSON.stringify(outcome);
  for (const secret of secrets)
    assert.not.ok(text.includes(secret), `outcome contains a credential: ${text}`);
}

for (const c of cases) {
  const route = routeAuth('p');
  const load = () => compile({ p: c.provider }, { env: c.env ?? {} });

  test(`${c.name}: a valid credential allows, names the identity and strips the credential`, async () => {
    const { providers } = await load();
    const outcome = await authorize(route, providers, request(c.valid), context());
    assert.is(outcome.result, 'allow', outcome.reason);
    assert.is(outcome.provider, 'p');
    assert.is(outcome.identity?.name, c.identity);
    if (c.strips.header)
      assert.ok(outcome.headers?.remove.includes(c.strips.header), 'credential header removed');
    else assert.not.ok(outcome.headers?.remove.includes('authorization'));
    assert.equal(outcome.removeQuery, c.strips.query ? [c.strips.query] : undefined);
    assertNoSecret(outcome, c.secrets);
  });

  test(`${c.name}: no credential is a 401 with a challenge`, async () => {
    const { providers } = await load();
    const outcome = await authorize(route, providers, request(), context());
    assert.is(outcome.result, 'deny');
    assert.is(outcome.status, 401);
    if (c.scheme === 'passthrough') {
      // The auth service decides what "missing" means and answers with its own challenge.
      assert.is(outcome.passthrough?.headers['www-authenticate'], 'Bearer realm="sso"');
    } else {
      assert.match(outcome.reason, /^missing credential: expected /);
      assert.ok(outcome.challenge?.startsWith(`${c.scheme} `), outcome.challenge);
      assert.not.match(
        outcome.challenge ?? '',
        /error=/,
        'RFC 6750 §3: no error code when no credential was sent',
      );
    }
  });

  test(`${c.name}: a wrong credential is a 401 whose outcome never contains a credential`, async () => {
    const { providers } = await load();
    const outcome = await authorize(route, providers, request(c.wrong), context());
    assert.is(outcome.result, 'deny');
    assert.is(outcome.status, 401);
    assert.not.match(outcome.reason, /^missing credential/);
    assert.not.ok(outcome.identity, 'no identity on a refused credential');
    assertNoSecret(outcome, c.secrets);
  });
}

test.after(() => forwardService.close());
test.run();
