/**
 * Protocol upgrades (RFC 9110 §7.8). An upgrade hands the connection to another protocol that
 * the gateway no longer inspects, so it is opt-in: a WebSocket upgrade only on a route with
 * `websocket: true` (or `defaults.websocket`), and no other protocol (`h2c`, …) ever, since
 * an `h2c` upgrade through a proxy smuggles HTTP/2 requests past its routing and auth.
 */
import type { NormalizedRequest } from './types.js';

/** The protocol a request asks to upgrade to (`websocket`, `h2c`, …), or `undefined`. */
export function requestedUpgrade(request: NormalizedRequest): string | undefined {
  const upgrade = request.headers.upgrade;
  const connection = request.headers.connection;
  if (upgrade === undefined || connection === undefined) return undefined;
  const tokens = (Array.isArray(connection) ? connection.join(',') : connection).toLowerCase().split(',');
  if (!tokens.some((token) => token.trim() === 'upgrade')) return undefined;
  return (Array.isArray(upgrade) ? upgrade.join(', ') : upgrade).trim().toLowerCase();
}

/**
 * Why this route refuses the upgrade the request asks for, or `undefined` when it may go ahead
 * (no upgrade asked, or a WebSocket on a route that accepts them).
 */
export function refuseUpgrade(
  request: NormalizedRequest,
  route: { readonly name: string; readonly config: { readonly websocket: boolean } },
): string | undefined {
  const wanted = requestedUpgrade(request);
  if (wanted === undefined) return undefined;
  if (wanted !== 'websocket')
    return `upgrade to "${wanted.slice(0, 40)}" is never proxied; only WebSocket upgrades are, on routes with websocket: true`;
  if (!route.config.websocket)
    return `route "${route.name}" does not accept WebSocket upgrades (set websocket: true on the route or in defaults)`;
  return undefined;
}
