/**
 * JWT verification with real tokens minted by jose: every attack the issue lists gets a
 * precise, credential-free reason, the clock is `ctx.now()`, and scopes, roles and required
 * claims decide 403s. A JWKS URL is served by a real local server and refetched on unknown kid.
 */
import { base64url, exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AuthProviderConfig } from '../src/config/schema/index.js';
import { authorize } from '../src/pipeline/auth/index.js';
import { compile, context, NOW, request, routeAuth, serve, tempDir, writeTemp } from './auth-support.js';

const dir = tempDir();
const now = Math.floor(NOW / 1000);
const ISS = 'https://issuer.test';
const AUD = 'gateway-demo';
const rsa = await generateKeyPair('RS256', { extractable: true });
const rsaPemText = await exportSPKI(rsa.publicKey);
const rsaPem = writeTemp(dir, 'rsa.pem', rsaPemText);
const ec = await generateKeyPair('ES256', { extractable: true });
const jwks = writeTemp(
  dir,
  'jwks.json',
  JSON.stringify({ keys: [{ ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' }] }),
);

const base = { type: 'jwt', issuer: ISS, audience: AUD } as const;
const rs256: AuthProviderConfig = { ...base, algorithms: ['RS256'], publicKey: rsaPem };

/** Signs `claims` (defaults: valid for ten minutes around NOW) with the RSA key unless told otherwise. */
function mint(
  claims: Record<string, unknown> = {},
  options: { alg?: string; key?: CryptoKey | Uint8Array; kid?: string } = {},
) {
  return new SignJWT({ sub: 'ada', iss: ISS, aud: AUD, iat: now, exp: now + 600, ...claims })
    .setProtectedHeader({ alg: options.alg ?? 'RS256', ...(options.kid && { kid: options.kid }) })
    .sign(options.key ?? rsa.privateKey);
}

async function check(
  provider: AuthProviderConfig,
  token: string,
  auth: Parameters<typeof routeAuth>[0] = 'jwt',
  at = NOW,
) {
  const { providers } = await compile({ jwt: provider });
  const outcome = await authorize(
    routeAuth(auth),
    providers,
    request({ headers: { authorization: `Bearer ${token}` } }),
    context(at),
  );
  assert.not.ok(JSON.stringify(outcome).includes(token), 'the token never appears in an outcome');
  return outcome;
}

async function denied(provider: AuthProviderConfig, token: string, reason: string, status = 401) {
  const outcome = await check(provider, token);
  assert.is(outcome.result, 'deny');
  assert.is(outcome.status, status);
  assert.is(outcome.reason, reason);
  return outcome;
}

test('alg none is rejected: the allowed algorithms come from the config, never the token', async () => {
  const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
  const payload = base64url.encode(JSON.stringify({ sub: 'admin', iss: ISS, aud: AUD, exp: now + 600 }));
  await denied(rs256, `${header}.${payload}.`, 'alg none is not allowed (allowed: RS256)');
});

test('HS/RS key confusion: HS256 signed with the RSA public key PEM is refused', async () => {
  const forged = await mint({ sub: 'admin' }, { alg: 'HS256', key: new TextEncoder().encode(rsaPemText) });
  const outcome = await denied(rs256, forged, 'alg HS256 is not allowed (allowed: RS256)');
  assert.is(
    outcome.challenge,
    'Bearer realm="gateway", error="invalid_token", error_description="algorithm not allowed"',
  );
  // Even a provider allowing both only ever uses its own secret for HS*, never the PEM.
  const both: AuthProviderConfig = {
    ...rs256,
    algorithms: ['RS256', 'HS256'],
    secret: 'a-different-hmac-secret-of-32-bytes!',
  };
  await denied(both, forged, 'signature verification failed');
});

test('a tampered payload fails the signature check', async () => {
  const [header, , signature] = (await mint({ scope: 'orders:read' })).split('.');
  const payload = base64url.encode(
    JSON.stringify({ sub: 'ada', iss: ISS, aud: AUD, exp: now + 600, scope: 'orders:write' }),
  );
  await denied(rs256, `${header}.${payload}.${signature}`, 'signature verification failed');
});

test('expired: says how long ago, the exp and the tolerance', async () => {
  const outcome = await denied(
    rs256,
    await mint({ exp: now - 120 }),
    'token expired 2m ago (exp 2026-11-26T04:58:00Z, tolerance 30s)',
  );
  assert.is(
    outcome.challenge,
    'Bearer realm="gateway", error="invalid_token", error_description="token expired"',
  );
});

test('not yet valid: nbf in the future', async () => {
  await denied(
    rs256,
    await mint({ nbf: now + 300 }),
    'token not valid yet: nbf 2026-11-26T05:05:00Z is 5m from now (tolerance 30s)',
  );
});

test('clock tolerance is honoured both ways, against ctx.now()', async () => {
  assert.is(
    (await check(rs256, await mint({ exp: now - 20 }))).result,
    'allow',
    'expired 20s ago, tolerance 30s',
  );
  assert.is(
    (await check(rs256, await mint({ nbf: now + 20 }))).result,
    'allow',
    'valid in 20s, tolerance 30s',
  );
  const strict = { ...rs256, clockTolerance: 0 };
  assert.is(
    (await check(strict, await mint({ exp: now - 20 }))).reason,
    'token expired 20s ago (exp 2026-11-26T04:59:40Z, tolerance 0s)',
  );
  // The same token checked at a pinned earlier time is still valid: time is an argument.
  // (Issued before that time: a token issued after the moment it is checked at is refused.)
  const early = await mint({ exp: now - 20, iat: now - 120 });
  assert.is((await check(strict, early, 'jwt', NOW - 60_000)).result, 'allow');
});

test('wrong issuer and audience name what was expected', async () => {
  await denied(
    rs256,
    await mint({ iss: 'https://evil.test' }),
    'issuer "https://evil.test" is not one of https://issuer.test',
  );
  await denied(rs256, await mint({ aud: 'other' }), 'audience "other" is not one of gateway-demo');
  await denied(rs256, await mint({ aud: undefined }), 'token has no aud claim (expected gateway-demo)');
  const two = { ...rs256, audience: ['gateway-demo', 'admin-api'] };
  assert.is(
    (await check(two, await mint({ aud: ['x', 'admin-api'] }))).result,
    'allow',
    'any one audience suffices',
  );
});

test('unknown kid against a local JWKS', async () => {
  const provider: AuthProviderConfig = { ...base, algorithms: ['ES256'], jwks };
  assert.is(
    (await check(provider, await mint({}, { alg: 'ES256', key: ec.privateKey, kid: 'ec-1' }))).result,
    'allow',
  );
  await denied(
    provider,
    await mint({}, { alg: 'ES256', key: ec.privateKey, kid: 'rotated-away' }),
    'unknown key id "rotated-away"',
  );
});

test('an oversized token is refused before it is parsed', async () => {
  const provider = { ...rs256, maxTokenSize: 1024 };
  await denied(provider, await mint({ padding: 'x'.repeat(2000) }), 'token larger than 1024 bytes');
  await denied(provider, `${'a'.repeat(1100)}.b.c`, 'token larger than 1024 bytes');
});

test('garbage in the Authorization header is a malformed token, not a crash', async () => {
  const outcome = await denied(rs256, 'not-a-jwt', 'malformed token: Invalid Compact JWS');
  assert.match(outcome.challenge ?? '', /error="invalid_token"/);
});

test('scopes come from scope (string) and scp (array or string); all required ones must be there', async () => {
  const auth = { providers: 'jwt', scopes: ['orders:read', 'orders:write'] };
  assert.is((await check(rs256, await mint({ scope: 'orders:read orders:write' }), auth)).result, 'allow');
  assert.is((await check(rs256, await mint({ scp: ['orders:write', 'orders:read'] }), auth)).result, 'allow');
  assert.is((await check(rs256, await mint({ scp: 'orders:read orders:write' }), auth)).result, 'allow');
  const outcome = await check(rs256, await mint({ scope: 'orders:read' }), auth);
  assert.is(outcome.result, 'deny');
  assert.is(outcome.status, 403);
  assert.is(outcome.reason, 'missing scope orders:write (token has orders:read)');
  assert.is(outcome.identity?.name, 'ada');
  assert.is(outcome.challenge, 'Bearer realm="gateway", error="insufficient_scope", scope="orders:write"');
  assert.is(
    (await check(rs256, await mint(), auth)).reason,
    'missing scopes orders:read, orders:write (token has no scopes)',
  );
});

test('roles: any one of the route roles, from rolesClaim (dotted paths too)', async () => {
  const auth = { providers: 'jwt', roles: ['admin', 'ops'] };
  assert.is((await check(rs256, await mint({ roles: ['viewer', 'ops'] }), auth)).result, 'allow');
  assert.is(
    (await check(rs256, await mint({ roles: ['viewer'] }), auth)).reason,
    'missing one of the roles admin, ops (token has viewer)',
  );
  const keycloak = { ...rs256, rolesClaim: 'realm_access.roles' };
  const outcome = await check(keycloak, await mint({ realm_access: { roles: ['admin'] } }), auth);
  assert.is(outcome.result, 'allow');
  assert.equal(outcome.identity?.claims?.['realm_access.roles'], ['admin']);
});

test('required claims: presence, true meaning true, and exact values', async () => {
  const provider = { ...rs256, requiredClaims: { email_verified: true, tenant: 'acme' } };
  assert.is((await check(provider, await mint({ email_verified: true, tenant: 'acme' }))).result, 'allow');
  await denied(provider, await mint({ email_verified: true }), 'missing required claim tenant');
  await denied(
    provider,
    await mint({ email_verified: false, tenant: 'acme' }),
    'claim email_verified is false (required true)',
  );
  await denied(
    provider,
    await mint({ email_verified: true, tenant: 'globex' }),
    'claim tenant is "globex" (required "acme")',
  );
});

test('identity: sub as the name, only the claims that mattered, identity headers from any verified claim', async () => {
  const provider = { ...rs256, requiredClaims: { tenant: true } };
  const auth = {
    providers: 'jwt',
    scopes: ['orders:read'],
    identityHeaders: { 'X-User': 'sub', 'x-email': 'email', 'x-missing': 'nope' },
  };
  const token = await mint({
    scope: 'orders:read',
    tenant: 'acme',
    email: 'ada@example.test',
    secret_note: 'do not show',
  });
  const outcome = await check(provider, token, auth);
  assert.is(outcome.result, 'allow');
  assert.equal(outcome.identity, {
    name: 'ada',
    claims: { sub: 'ada', iss: ISS, aud: AUD, exp: now + 600, scope: 'orders:read', tenant: 'acme' },
  });
  assert.equal(outcome.headers, {
    remove: ['authorization', 'x-email', 'x-missing', 'x-user'],
    set: { 'x-user': 'ada', 'x-email': 'ada@example.test' },
  });
});

test('a claim that would inject a header is not copied into one', async () => {
  const auth = { providers: 'jwt', identityHeaders: { 'x-user': 'sub' } };
  const outcome = await check(rs256, await mint({ sub: 'ada\r\nx-admin: true' }), auth);
  assert.is(outcome.result, 'allow');
  assert.equal(outcome.headers?.set, {});
  assert.ok(outcome.headers?.remove.includes('x-user'), 'the client copy is still removed');
});

test('forwardCredential keeps the token on the upstream request', async () => {
  const outcome = await check(rs256, await mint(), { providers: 'jwt', forwardCredential: true });
  assert.is(outcome.result, 'allow');
  assert.not.ok(outcome.headers?.remove.includes('authorization'));
});

test('JWKS URL: fetched on first use, cached, refetched when a token names an unknown kid', async () => {
  const first = await generateKeyPair('RS256', { extractable: true });
  const second = await generateKeyPair('RS256', { extractable: true });
  const published = [{ ...(await exportJWK(first.publicKey)), kid: 'k1', alg: 'RS256' }];
  let fetches = 0;
  const server = await serve((_req, res) => {
    fetches++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: published }));
  });
  try {
    const { providers } = await compile({
      jwt: { ...base, algorithms: ['RS256'], jwks: `${server.url}/.well-known/jwks.json` },
    });
    const send = async (token: string) =>
      authorize(
        routeAuth('jwt'),
        providers,
        request({ headers: { authorization: `Bearer ${token}` } }),
        context(),
      );
    assert.is(fetches, 0, 'compiling does not touch the network');
    assert.is((await send(await mint({}, { key: first.privateKey, kid: 'k1' }))).result, 'allow');
    assert.is((await send(await mint({}, { key: first.privateKey, kid: 'k1' }))).result, 'allow');
    assert.is(fetches, 1, 'the set is cached');
    published.push({ ...(await exportJWK(second.publicKey)), kid: 'k2', alg: 'RS256' });
    assert.is(
      (await send(await mint({}, { key: second.privateKey, kid: 'k2' }))).result,
      'allow',
      'rotated key found after a refetch',
    );
    assert.is(fetches, 2);
    const unknown = await send(await mint({}, { key: second.privateKey, kid: 'k3' }));
    assert.is(unknown.reason, 'unknown key id "k3"');
  } finally {
    await server.close();
  }
});

test('JWKS URL that cannot be reached is a 503, not a bad token', async () => {
  const server = await serve((_req, res) => res.writeHead(500).end());
  try {
    const { providers } = await compile({
      jwt: { ...base, algorithms: ['RS256'], jwks: `${server.url}/jwks` },
    });
    const token = await mint({}, { kid: 'k1' });
    const outcome = await authorize(
      routeAuth('jwt'),
      providers,
      request({ headers: { authorization: `Bearer ${token}` } }),
      context(),
    );
    assert.is(outcome.status, 503);
    assert.match(
      outcome.reason,
      /^JWKS at http:\/\/127\.0\.0\.1:\d+\/jwks could not be fetched \(Expected 200 OK/,
    );
    assert.is(outcome.challenge, undefined);
  } finally {
    await server.close();
  }
});

test('every supported family verifies: HS384, PS256, ES384 and EdDSA', async () => {
  const secret = 'family-secret-of-at-least-48-bytes-for-hs384-0000';
  assert.is(
    (
      await check(
        { ...base, algorithms: ['HS384'], secret },
        await mint({}, { alg: 'HS384', key: new TextEncoder().encode(secret) }),
      )
    ).result,
    'allow',
  );
  for (const alg of ['PS256', 'ES384', 'EdDSA']) {
    const pair = await generateKeyPair(alg, { extractable: true });
    const pem = writeTemp(dir, `${alg}.pem`, await exportSPKI(pair.publicKey));
    const outcome = await check(
      { ...base, algorithms: [alg as 'PS256'], publicKey: pem },
      await mint({}, { alg, key: pair.privateKey }),
    );
    assert.is(outcome.result, 'allow', `${alg}: ${outcome.reason}`);
  }
});

test.run();
