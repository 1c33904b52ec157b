/**
 * CORS in nginx, as gateway does it: allowed origins get `Access-Control-Allow-Origin` (and
 * credentials, `Vary: Origin`, exposed headers); a preflight (`OPTIONS` with
 * `Access-Control-Request-Method`) on a CORS route is answered 204 (allowed) or 403.
 * One set of `map`s per distinct CORS setting; routes refer to it by number.
 */
import type { ResolvedCors } from '../../config/resolved.js';
import { escapeRegex } from '../path-regex.js';
import { quote, quoteRegex } from './text.js';

/** Numbers each distinct CORS setting and writes its maps. */
export class CorsSettings {
  private readonly settings: ResolvedCors[] = [];

  /** The number of `cors`'s maps (added on first use). */
  id(cors: ResolvedCors): number {
    const found = this.settings.indexOf(cors);
    if (found !== -1) return found;
    this.settings.push(cors);
    return this.settings.length - 1;
  }

  /** http-level maps for every setting used. */
  maps(): string[] {
    return this.settings.flatMap((cors, n) => {
      const any = cors.origins === '*';
      const origins = any
        ? ['"~." 1;']
        : (cors.origins as readonly (string | RegExp)[]).map(
            (o) =>
              `${quoteRegex(typeof o === 'string' ? `~^${escapeRegex(o)}$` : `${o.flags.includes('i') ? '~*' : '~'}${o.source}`)} 1;`,
          );
      const allowOrigin = any && !cors.credentials ? '*' : '$http_origin';
      return [
        `# CORS setting ${n}`,
        `map $http_origin $gw_cors${n}_ok { ${origins.join(' ')} default 0; }`,
        `map $gw_cors${n}_ok $gw_cors${n}_origin { 1 ${allowOrigin === '*' ? '"*"' : allowOrigin}; default ""; }`,
        `map $gw_cors${n}_ok $gw_cors${n}_credentials { 1 ${cors.credentials ? 'true' : '""'}; default ""; }`,
        `map $gw_cors${n}_ok $gw_cors${n}_vary { 1 ${allowOrigin === '*' ? '""' : 'Origin'}; default ""; }`,
        `map "$request_method|$http_access_control_request_method|$http_origin|$gw_cors${n}_ok" $gw_cors${n}_preflight { "~^OPTIONS\\|[^|]+\\|[^|]+\\|1$" 204; "~^OPTIONS\\|[^|]+\\|[^|]+\\|0$" 403; default ""; }`,
        `map $gw_cors${n}_preflight $gw_cors${n}_methods { 204 ${quote(cors.methods.join(', '))}; default ""; }`,
        `map $gw_cors${n}_preflight $gw_cors${n}_headers { 204 ${cors.headers ? quote(cors.headers.join(', ')) : '$http_access_control_request_headers'}; default ""; }`,
        `map $gw_cors${n}_preflight $gw_cors${n}_max_age { 204 ${cors.maxAgeSeconds}; default ""; }`,
        `map "$gw_cors${n}_ok$gw_cors${n}_preflight" $gw_cors${n}_expose { 1 ${quote(cors.exposeHeaders.join(', ') || '')}; default ""; }`,
      ];
    });
  }
}

/** Location lines for CORS setting `n`: headers (empty values are not sent) and the preflight answer. */
export function corsLines(n: number): string[] {
  return [
    `  add_header Access-Control-Allow-Origin $gw_cors${n}_origin always;`,
    `  add_header Access-Control-Allow-Credentials $gw_cors${n}_credentials always;`,
    `  add_header Vary $gw_cors${n}_vary always;`,
    `  add_header Access-Control-Expose-Headers $gw_cors${n}_expose always;`,
    `  add_header Access-Control-Allow-Methods $gw_cors${n}_methods always;`,
    `  add_header Access-Control-Allow-Headers $gw_cors${n}_headers always;`,
    `  add_header Access-Control-Max-Age $gw_cors${n}_max_age always;`,
    `  if ($gw_cors${n}_preflight = 204) { return 204; }`,
    `  if ($gw_cors${n}_preflight = 403) { return 403; }`,
  ];
}
