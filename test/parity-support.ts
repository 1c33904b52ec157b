/** The assertions every engine's parity test makes. */
import { existsSync } from 'node:fs';
import * as assert from 'uvu/assert';
import type { ParityResult } from '../scripts/parity/harness.js';

/** The engine accepted its config, every case ran, and every supported case passed. */
export function parityCheck(result: ParityResult): void {
  assert.ok(result.check.ok, `the engine rejected the exported config:\n${result.check.output}`);
  assert.ok(result.results.length >= 16, result.report);
  assert.equal(
    result.failures.map((f) => f.case.name),
    [],
    `supported cases failed:\n${result.report}\nengine output:\n${result.engineOutput}`,
  );
}

/** The engine binary is there (`.ci/run` installs nginx, haproxy and caddy from Debian). */
export function assertInstalled(binary: string): void {
  assert.ok(existsSync(binary), `${binary} is missing: apt-get install -y nginx haproxy caddy`);
}

/**
 * What the demo's cases do not cover, checked on the running engine: a CORS preflight and an
 * actual request from the demo's allowed origin, a refused origin, and a WebSocket echo through
 * the `echo` route (websocket: true).
 */
export async function probeCorsAndWebSocket(base: string): Promise<string[]> {
  const problems: string[] = [];
  const origin = 'http://localhost:5173';
  const preflight = await fetch(`${base}/echo/x`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'x-a' },
  });
  if (preflight.status !== 204) problems.push(`preflight: status ${preflight.status}`);
  if (preflight.headers.get('access-control-allow-origin') !== origin)
    problems.push('preflight: no allow-origin');
  if (!preflight.headers.get('access-control-allow-methods')?.includes('PUT'))
    problems.push('preflight: no allow-methods');
  if (preflight.headers.get('access-control-allow-credentials') !== 'true')
    problems.push('preflight: no allow-credentials');
  const refused = await fetch(`${base}/echo/x`, {
    method: 'OPTIONS',
    headers: { origin: 'http://evil.test', 'access-control-request-method': 'PUT' },
  });
  if (refused.status !== 403) problems.push(`refused preflight: status ${refused.status}`);
  const actual = await fetch(`${base}/echo/x`, { headers: { origin } });
  await actual.text();
  if (actual.headers.get('access-control-allow-origin') !== origin)
    problems.push('actual request: no allow-origin');
  if (actual.headers.get('access-control-expose-headers') !== 'x-request-id')
    problems.push('actual request: no expose-headers');
  const { WebSocket } = await import('ws');
  const echoed = await new Promise<string>((resolve) => {
    const socket = new WebSocket(`${base.replace('http', 'ws')}/echo/socket`);
    const timer = setTimeout(() => {
      socket.terminate();
      resolve('(no answer in 5 s)');
    }, 5000);
    socket.on('open', () => socket.send('ping through the engine'));
    socket.on('message', (data) => {
      clearTimeout(timer);
      socket.close();
      resolve(String(data));
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      resolve(`(error: ${error.message})`);
    });
  });
  if (echoed !== 'ping through the engine') problems.push(`websocket: ${echoed}`);
  return problems;
}

/** gateway's rule for encoded slashes, checked on the running engine: only a route that allows them matches. */
export async function probeEncodedSlashes(base: string): Promise<string[]> {
  const problems: string[] = [];
  const refused = await fetch(`${base}/echo/a%2Fb`);
  await refused.text();
  if (refused.status !== 400) problems.push(`/echo/a%2Fb: status ${refused.status}, expected 400`);
  const allowed = await fetch(`${base}/files/a%2Fb.txt`);
  const seen = allowed.headers.get('x-fixture-url');
  await allowed.text();
  if (seen !== '/files/a%2Fb.txt') problems.push(`/files/a%2Fb.txt reached the upstream as ${seen}`);
  return problems;
}

/** The demo's forward-auth route (`/internal/**`): denied without the token; with it, the auth service's `x-auth-user` and the caller's credential reach echo. */
export async function probeForwardAuth(base: string): Promise<string[]> {
  const problems: string[] = [];
  const denied = await fetch(`${base}/internal/x`);
  await denied.text();
  if (denied.status !== 401) problems.push(`no token: status ${denied.status}, expected 401`);
  const allowed = await fetch(`${base}/internal/x`, {
    headers: { authorization: 'Bearer let-me-in', 'x-auth-user': 'mallory' },
  });
  const body = (await allowed.json().catch(() => ({}))) as { headers?: Record<string, string> };
  if (allowed.status !== 200) problems.push(`token: status ${allowed.status}, expected 200`);
  if (body.headers?.['x-auth-user'] !== 'alice')
    problems.push(`x-auth-user upstream: ${body.headers?.['x-auth-user']}, expected alice`);
  if (body.headers?.authorization !== 'Bearer let-me-in')
    problems.push('forwardCredential: the Authorization header did not reach the upstream');
  return problems;
}
