/**
 * Attack suite, JWT: forged, altered, stale and misplaced tokens against the RS256 `orders`
 * route. None reaches the upstream; every refusal is a 401 whose body does not repeat the token.
 * Rig, runner and invariants: test/attack-support.ts.
 */
import { readFile } from 'node:fs/promises';
import { exportJWK, generateKeyPair, importPKCS8, SignJWT } from 'jose';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RSA_PRIVATE_KEY, RSA_PUBLIC_KEY } from '../fixtures/paths.js';
import { DEMO_AUDIENCE, DEMO_ISSUER, mintToken } from '../fixtures/tokens.js';
import { type AttackCase, type CaseResult, rawRequest, runAttackSuite } from './attack-support.js';

const now = Math.floor(Date.now() / 1000);
const claims = { iss: DEMO_ISSUER, aud: DEMO_AUDIENCE, sub: 'admin', iat: now, exp: now + 3600 };
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

const valid = await mintToken();
const [validHeader, , validSignature] = valid.split('.');
/** `alg: none`: no signature at all (RFC 7519 §6 "unsecured JWT"). */
const algNone = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
/** Key confusion: HS256 with the RSA public key's PEM text as the HMAC secret. */
const rsaPublicPem = await readFile(RSA_PUBLIC_KEY);
const keyConfusion = await new SignJWT(claims)
  .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: 'demo-rs256' })
  .sign(new Uint8Array(rsaPublicPem));
/** The claims re-encoded (`sub: admin`) with the original header and signature. */
const tampered = `${validHeader}.${b64({ ...claims, sub: 'admin' })}.${validSignature}`;
/** Signed by the attacker's own key, which the token carries in its header (`jwk`). */
const attacker = await generateKeyPair('RS256');
const embeddedJwk = await new SignJWT(claims)
  .setProtectedHeader({ alg: 'RS256', kid: 'demo-rs256', jwk: await exportJWK(attacker.publicKey) })
  .sign(attacker.privateKey);
const foreignJku = await new SignJWT(claims)
  .setProtectedHeader({ alg: 'RS256', kid: 'attacker', jku: 'http://127.0.0.1:1/jwks.json' })
  .sign(attacker.privateKey);
const expired = await mintToken({}, { expiresIn: '-10m' });
const notYetValid = await mintToken({ nbf: now + 600 });
const wrongIssuer = await mintToken({ iss: 'https://evil.test' });
const wrongAudience = await mintToken({ aud: 'other-service' });
const unknownKid = await mintToken({}, { kid: 'rotated-away' });
const traversalKid = await mintToken({}, { kid: '../../../../etc/passwd' });
const oversized = await mintToken({ padding: 'x'.repeat(9000) });
const es256 = await mintToken({}, { alg: 'ES256' });
const hs256 = await mintToken({}, { alg: 'HS256' });

/** Signed with the demo RS256 key and exactly these claims (mintToken always sets iat to now). */
const demoKey = await importPKCS8(await readFile(RSA_PRIVATE_KEY, 'utf8'), 'RS256');
const signExactly = (payload: Record<string, unknown>) =>
  new SignJWT({ iss: DEMO_ISSUER, aud: DEMO_AUDIENCE, sub: 'demo-user', ...payload })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'demo-rs256' })
    .sign(demoKey);
const issuedTomorrow = await signExactly({ iat: now + 86_400, exp: now + 90_000 });
const issuedSlightlyAhead = await signExactly({ iat: now + 2, exp: now + 3600 });
const neverExpires = await signExactly({ iat: now });
const tooOld = await signExactly({ iat: now - 7200, exp: now + 3600 });
const noIatWithMaxAge = await signExactly({ exp: now + 3600 });

const orders = (headers: string[], target = '/orders/1') => rawRequest(`GET ${target} HTTP/1.1`, headers);

/** A refused token: 401 with a challenge, the reason in `detail`, the token nowhere. */
const refused = (
  name: string,
  token: string,
  reason: RegExp,
  header = `Authorization: Bearer ${token}`,
): AttackCase => ({
  name,
  send: orders([header]),
  expect: 401,
  // Too short to be told apart from ordinary text ('x.y', '..').
  secrets: token.length >= 16 ? [token] : [],
  check: ({ exchange }) => {
    const [response] = exchange.responses;
    assert.match(response!.headers['www-authenticate'] ?? '', /^Bearer /);
    assert.match(JSON.parse(response!.body).detail, reason);
  },
});

/** The verified identity (and not the credential) reached the upstream. */
const verified = ({ echo }: CaseResult): void => {
  assert.is(echo?.headers['x-user'], 'demo-user');
  assert.is(echo?.headers.authorization, undefined, 'the token is stripped before forwarding');
};

const cases: AttackCase[] = [
  {
    name: 'baseline: a valid RS256 token is forwarded',
    send: orders([`Authorization: Bearer ${valid}`]),
    expect: 200,
    reaches: 'api',
    secrets: [valid],
    check: verified,
  },
  {
    name: 'the scheme is case-insensitive: "bearer <token>" is accepted (RFC 9110 §11.1)',
    send: orders([`Authorization: bearer ${valid}`]),
    expect: 200,
    reaches: 'api',
    secrets: [valid],
    check: verified,
  },
  refused('alg: none (unsigned token claiming sub admin)', algNone, /alg none is not allowed/),
  refused(
    'key confusion: HS256 signed with the RSA public key PEM',
    keyConfusion,
    /alg HS256 is not allowed/,
  ),
  refused('tampered payload: claims re-encoded, original signature', tampered, /signature/),
  refused('attacker key embedded in the header (jwk)', embeddedJwk, /signature/),
  refused('attacker JWKS URL in the header (jku) with an unknown kid', foreignJku, /unknown key id|kid/),
  refused('expired (exp 10 minutes ago, tolerance 5s)', expired, /expired/),
  refused('not yet valid (nbf 10 minutes ahead)', notYetValid, /not valid yet/),
  refused('issued in the future (iat a day ahead, tolerance 5s)', issuedTomorrow, /issued in the future/),
  refused('no exp: a token that never expires', neverExpires, /no exp claim/),
  refused('too old: iat 2h ago with maxTokenAge 1h (exp still ahead)', tooOld, /too old.*maxTokenAge 1h/),
  refused('no iat while the provider sets maxTokenAge', noIatWithMaxAge, /no iat claim/),
  {
    name: 'iat 2s ahead is within the 5s clock tolerance (accepted)',
    send: orders([`Authorization: Bearer ${issuedSlightlyAhead}`]),
    expect: 200,
    reaches: 'api',
    secrets: [issuedSlightlyAhead],
    check: verified,
  },
  refused('wrong iss', wrongIssuer, /issuer "https:\/\/evil\.test"/),
  refused('wrong aud', wrongAudience, /audience "other-service"/),
  refused('unknown kid', unknownKid, /unknown key id "rotated-away"/),
  refused('kid with a path traversal', traversalKid, /unknown key id/),
  refused('oversized token (over maxTokenSize 8192 bytes)', oversized, /larger than 8192 bytes/),
  refused('a validly signed ES256 token when only RS256 is allowed', es256, /alg ES256 is not allowed/),
  refused('a validly signed HS256 token when only RS256 is allowed', hs256, /alg HS256 is not allowed/),
  refused('malformed: "Bearer x.y"', 'x.y', /malformed/),
  refused('malformed: three empty parts "Bearer .."', '..', /malformed|invalid/),
  refused(
    'missing "Bearer": the bare token as the Authorization value',
    valid,
    /missing credential/,
    `Authorization: ${valid}`,
  ),
  refused('wrong scheme: "Basic <token>"', valid, /missing credential/, `Authorization: Basic ${valid}`),
  refused('empty Bearer', '', /missing credential|malformed|empty/, 'Authorization: Bearer '),
  {
    name: 'token in the query string instead of the header (401)',
    send: orders([], `/orders/1?access_token=${valid}`),
    expect: 401,
    secrets: [valid],
  },
  {
    name: 'token in a cookie instead of the header (401)',
    send: orders([`Cookie: access_token=${valid}`]),
    expect: 401,
    secrets: [valid],
  },
  {
    name: 'duplicate Authorization: junk first, valid second (refused, not guessed)',
    send: orders(['Authorization: Bearer x.y.z', `Authorization: Bearer ${valid}`]),
    expect: { anyOf: [400, 401], why: 'two credentials are ambiguous: refuse the request' },
    secrets: [valid],
  },
  {
    name: 'duplicate Authorization: valid first, junk second (refused, not guessed)',
    send: orders([`Authorization: Bearer ${valid}`, 'Authorization: Bearer x.y.z']),
    expect: { anyOf: [400, 401], why: 'two credentials are ambiguous: refuse the request' },
    secrets: [valid],
  },
];

runAttackSuite(test, cases);
test.run();
