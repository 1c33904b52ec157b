/**
 * Minted demo tokens verify against the committed keys: RS256 and ES256 through jwks.json,
 * HS256 with the demo secret; defaults, overrides, expiry and the `npm run token` CLI.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet, jwtVerify } from 'jose';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEMO_AUDIENCE, DEMO_HS256_SECRET, DEMO_ISSUER, DEMO_JWKS, mintToken } from '../fixtures/index.js';

const jwks = createLocalJWKSet(JSON.parse(await readFile(DEMO_JWKS, 'utf8')) as JSONWebKeySet);
const expected = { issuer: DEMO_ISSUER, audience: DEMO_AUDIENCE };

test('jwks.json holds the two demo public keys', async () => {
  const { keys } = JSON.parse(await readFile(DEMO_JWKS, 'utf8'));
  assert.equal(
    keys.map((key: { kid: string; kty: string; d?: string }) => [key.kid, key.kty, key.d]),
    [
      ['demo-rs256', 'RSA', undefined],
      ['demo-es256', 'EC', undefined],
    ],
  );
});

test('a default token is RS256 (kid demo-rs256), verifies against jwks.json, lasts an hour', async () => {
  const token = await mintToken({ scope: 'orders:read' });
  assert.equal(decodeProtectedHeader(token), { alg: 'RS256', typ: 'JWT', kid: 'demo-rs256' });
  const { payload } = await jwtVerify(token, jwks, expected);
  assert.is(payload.sub, 'demo-user');
  assert.is(payload.scope, 'orders:read');
  assert.is(payload.exp! - payload.iat!, 3600);
});

test('ES256 tokens verify against jwks.json; claims override the defaults', async () => {
  const token = await mintToken({ sub: 'alice' }, { alg: 'ES256', expiresIn: '10m' });
  assert.is(decodeProtectedHeader(token).kid, 'demo-es256');
  const { payload } = await jwtVerify(token, jwks, expected);
  assert.is(payload.sub, 'alice');
  assert.is(payload.exp! - payload.iat!, 600);
});

test('HS256 tokens verify with the demo secret', async () => {
  const token = await mintToken({}, { alg: 'HS256' });
  const { payload } = await jwtVerify(token, new TextEncoder().encode(DEMO_HS256_SECRET), expected);
  assert.is(payload.iss, DEMO_ISSUER);
});

test('a negative lifetime mints an expired token', async () => {
  const token = await mintToken({}, { expiresIn: -60 });
  await jwtVerify(token, jwks, expected).then(
    () => assert.unreachable('expired token verified'),
    (error: { code: string }) => assert.is(error.code, 'ERR_JWT_EXPIRED'),
  );
});

test('the token CLI prints a token that verifies', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, [
    '--import',
    'tsx',
    'fixtures/mint-token.ts',
    '--scope',
    'orders:read orders:write',
    '--sub',
    'alice',
    '--alg',
    'ES256',
    '--expires',
    '10m',
  ]);
  const { payload } = await jwtVerify(stdout.trim(), jwks, expected);
  assert.is(payload.scope, 'orders:read orders:write');
  assert.is(payload.sub, 'alice');
});

test.run();
