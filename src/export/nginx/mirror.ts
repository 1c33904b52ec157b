/**
 * `mirror` in nginx: the stock `mirror` module sends a copy of the request (body included,
 * `mirror_request_body on`) to an internal location whose answer is never waited for. That
 * location proxies to the mirror upstream with the path the route sends upstream (the route's
 * location leaves it in `$gw_mirror_uri`; subrequests share the request's variables) and the
 * same upstream headers. It answers 204 itself — no copy — when the percent draw (`split_clients`)
 * says no, or when the body is over `maxBody` or has no Content-Length, as gateway skips those.
 */
import type { RouteNeeds } from '../analysis.js';
import { seconds } from '../shared/text.js';
import { routeKey } from './dispatch.js';
import { share } from './fault.js';
import { upstreamName } from './upstreams.js';

export interface MirrorParts {
  readonly http: string[];
  /** In the route's location. */
  readonly location: string[];
  /** The internal mirror location (server level). */
  readonly server: string[];
}

/** The pieces of the route's mirror; `headers` are the route's `proxy_set_header` lines. */
export function mirrorParts(
  needs: RouteNeeds,
  mirror: { readonly upstream: string; readonly percent: number; readonly maxBody: number },
  target: {
    readonly scheme: 'http' | 'https';
    readonly basePath: string;
    readonly connect: number;
    readonly response: number;
  },
  headers: readonly string[],
  rewritten: boolean,
): MirrorParts {
  const key = routeKey(needs);
  const http: string[] = [
    `# mirror of route "${needs.route.name}" (${needs.at}.mirror): bodies up to ${mirror.maxBody} bytes with a Content-Length`,
    `map "$http_transfer_encoding|$content_length" $gw_${key}_mirror_fits { "~^\\|$" 1; "~^\\|0*(${atMost(mirror.maxBody)})$" 1; default 0; }`,
  ];
  const checks = ['    if ($gw_' + key + '_mirror_fits = 0) { return 204; }'];
  if (mirror.percent < 100) {
    http.push(
      `split_clients "\${request_id}mirror" $gw_${key}_mirror_drawn { ${share(mirror.percent)} 1; * 0; }`,
    );
    checks.unshift(`    if ($gw_${key}_mirror_drawn = 0) { return 204; }`);
  }
  const base = `${target.scheme}://${upstreamName(mirror.upstream)}${target.basePath}`;
  const path = rewritten
    ? [
        '    rewrite ^ $gw_mirror_uri break;',
        `    proxy_pass ${target.basePath ? `${base}$uri$is_args$args` : base};`,
      ]
    : [`    proxy_pass ${base}$request_uri;`];
  return {
    http,
    location: [`  mirror /__gateway/mirror/${key};`, '  mirror_request_body on;'],
    server: [
      `  location = /__gateway/mirror/${key} {`,
      '    internal;',
      ...checks,
      ...path,
      '    proxy_http_version 1.1;',
      ...headers.map((line) => `  ${line}`),
      `    proxy_connect_timeout ${seconds(target.connect)};`,
      `    proxy_read_timeout ${seconds(target.response)};`,
      '    proxy_next_upstream off;',
      '  }',
    ],
  };
}

/** A regex for the decimal numbers 0…`n` (no leading zeros). */
export function atMost(n: number): string {
  const digits = String(Math.floor(n));
  if (digits.length === 1) return `[0-${digits}]`;
  const options: string[] = [digits];
  options.push(`[0-9]{1,${digits.length - 1}}`);
  for (let i = 0; i < digits.length; i++) {
    const d = Number(digits[i]);
    if (d === 0) continue;
    const head = digits.slice(0, i);
    const low = d === 1 ? '0' : `[0-${d - 1}]`;
    // At the first position a shorter number is covered above; a leading 0 is not a number.
    if (i === 0 && d === 1) continue;
    const first = i === 0 ? (d === 2 ? '1' : `[1-${d - 1}]`) : low;
    const rest = digits.length - i - 1;
    options.push(`${head}${first}${rest > 0 ? `[0-9]{${rest}}` : ''}`);
  }
  return options.join('|');
}
