/**
 * A traffic `split` in nginx: `split_clients` on `$request_id` draws a side per request with the
 * weights; a pin (a header or cookie naming a side's upstream) decides first, through a `map`.
 * The route's location sends the request on to an internal location per side
 * (`/__gateway/<route>_s<N>/`), each a whole route location for that side's upstream, so its
 * timeouts, retries and TLS stay its own. With a cookie pin, an unpinned caller gets a cookie
 * naming its side, as gateway sets one.
 */
import type { ResolvedSplit } from '../../config/resolved.js';
import { stickyCookieHeader } from '../../pipeline/balance/sticky.js';
import type { RouteNeeds } from '../analysis.js';
import { escapeRegex } from '../path-regex.js';
import { routeKey } from './dispatch.js';
import { share } from './fault.js';
import { headerVariable, literal, quoteRegex } from './text.js';

export interface SplitParts {
  readonly http: string[];
  /** The lines of the route's own location: pick a side, go to its location. */
  readonly front: string[];
  /** Each side: its location key and upstream, and lines only its location has. */
  readonly sides: readonly { readonly key: string; readonly upstream: string; readonly lines: string[] }[];
}

/** The maps, the route location's lines and the sides of `split`. */
export function splitParts(needs: RouteNeeds, split: ResolvedSplit): SplitParts {
  const key = routeKey(needs);
  const sides = split.upstreams.map((side, i) => ({ ...side, id: `s${i}` }));
  const weighted = sides.filter((side) => side.weight > 0);
  const total = weighted.reduce((sum, side) => sum + side.weight, 0);
  const http: string[] = [
    `# traffic split of route "${needs.route.name}" (${needs.at}.split): ${sides.map((s) => `${s.name} ${s.weight}`).join(', ')}`,
    `split_clients "\${request_id}split" $gw_${key}_drawn {`,
    ...weighted.map((side, i) =>
      i === weighted.length - 1 ? `  * ${side.id};` : `  ${share((side.weight / total) * 100)} ${side.id};`,
    ),
    '}',
  ];
  const pin = split.pin;
  if (pin === undefined) {
    http.push(`map $gw_${key}_drawn $gw_${key}_side { default $gw_${key}_drawn; }`);
  } else {
    // Exact, case-sensitive matches (a plain map key would compare case-insensitively).
    const entries = sides.map((side) =>
      pin.kind === 'header'
        ? `  ${quoteRegex(`~^${escapeRegex(side.name)}$`)} ${side.id};`
        : `  ${quoteRegex(`~(?:^|;\\s*)${escapeRegex(pin.name)}=${escapeRegex(encodeURIComponent(side.name))}(?:;|$)`)} ${side.id};`,
    );
    const source = pin.kind === 'header' ? headerVariable(pin.name) : '$http_cookie';
    http.push(
      `map ${source} $gw_${key}_pinned {`,
      ...entries,
      '  default "";',
      '}',
      `map $gw_${key}_pinned $gw_${key}_side { "" $gw_${key}_drawn; default $gw_${key}_pinned; }`,
    );
  }
  const sideLines = sides.map((side) => {
    const lines: string[] = [];
    if (pin?.kind === 'cookie') {
      // Only a caller the weights placed gets the cookie (a pinned one already has it).
      const cookie = stickyCookieHeader(pin.name, side.name);
      http.push(
        `map $gw_${key}_pinned $gw_${key}_${side.id}_cookie { "" '${literal(cookie)}'; default ""; }`,
      );
      lines.push(`  add_header Set-Cookie $gw_${key}_${side.id}_cookie always;`);
    }
    return { key: `${key}_${side.id}`, upstream: side.name, lines };
  });
  return {
    http,
    front: [
      // Read into a variable first: the pin map's regex would overwrite the rewrite's $1.
      `  set $gw_side $gw_${key}_side;`,
      `  rewrite ^/__gateway/${key}/(.*)$ /__gateway/${key}_$gw_side/$1 last;`,
    ],
    sides: sideLines,
  };
}
