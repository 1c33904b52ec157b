/**
 * One active health probe. HTTP(S) targets get `GET <path>` on their origin, on a fresh
 * connection (no keep-alive: a probe must prove the target accepts connections now); the status
 * must be one of `expectedStatus` (any 2xx when that is empty). gRPC targets (`grpc://`) get a
 * TCP connect, since an HTTP path means nothing to them.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import { formatDuration } from '../pipeline/balance/format.js';
import type { ActiveSettings, ProbeOutcome } from '../pipeline/balance/health-thresholds.js';

/** What a probe needs to know about its target. */
export interface ProbeTarget {
  readonly url: string;
  /** Accept unverifiable certificates (`tls.insecure`). */
  readonly tlsInsecure: boolean;
}

/** Probes `target` once; never rejects. `signal` cancels it (the outcome then is a failure). */
export function probeTarget(
  target: ProbeTarget,
  settings: ActiveSettings,
  signal: AbortSignal,
): Promise<ProbeOutcome> {
  const url = new URL(target.url);
  if (url.protocol === 'grpc:' || url.protocol === 'grpcs:') return probeTcp(url, settings.timeout, signal);
  return probeHttp(url, target.tlsInsecure, settings, signal);
}

function probeHttp(
  base: URL,
  tlsInsecure: boolean,
  settings: ActiveSettings,
  signal: AbortSignal,
): Promise<ProbeOutcome> {
  const label = `GET ${settings.path}`;
  return new Promise((resolve) => {
    const send = base.protocol === 'https:' ? httpsRequest : httpRequest;
    const url = new URL(settings.path, base.origin);
    const req = send(url, {
      method: 'GET',
      agent: false,
      headers: { 'user-agent': 'gateway-health-check', connection: 'close' },
      signal,
      ...(base.protocol === 'https:' ? { rejectUnauthorized: !tlsInsecure } : {}),
    });
    const timer = setTimeout(() => req.destroy(new TimeoutError()), settings.timeout);
    timer.unref();
    req.on('response', (res) => {
      clearTimeout(timer);
      res.resume();
      res.on('error', () => {});
      const status = res.statusCode ?? 0;
      const passed =
        settings.expectedStatus.length === 0
          ? status >= 200 && status < 300
          : settings.expectedStatus.includes(status);
      resolve({ passed, detail: `${label} → ${status}` });
      req.destroy();
    });
    req.on('error', (error) => {
      clearTimeout(timer);
      resolve({ passed: false, detail: `${label}: ${describeError(error, settings.timeout)}` });
    });
    req.end();
  });
}

function probeTcp(url: URL, timeout: number, signal: AbortSignal): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const socket = connect({ host: url.hostname, port: Number(url.port), signal });
    const timer = setTimeout(() => socket.destroy(new TimeoutError()), timeout);
    timer.unref();
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ passed: true, detail: 'tcp connect ok' });
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      resolve({ passed: false, detail: `tcp connect: ${describeError(error, timeout)}` });
    });
  });
}

class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

function describeError(error: Error, timeout: number): string {
  if (error instanceof TimeoutError) return `timed out after ${formatDuration(timeout)}`;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ECONNRESET') return 'connection reset';
  if (error.name === 'AbortError') return 'cancelled';
  return code ?? error.message;
}
