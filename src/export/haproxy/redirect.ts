/**
 * `redirect`: HAProxy answers the 3xx itself (`http-request redirect location … code …`). The
 * `Location` is built as gateway builds it (scheme, host and port kept unless changed; a changed
 * scheme brings its well-known port; `:80`/`:443` left out) in a transaction variable, the path
 * with `regsub` over the route's own path regex, so every path kind carries over.
 */
import type { ResolvedRedirect } from '../../config/resolved.js';
import type { RouteNeeds } from '../analysis.js';
import { escapeRegex } from '../path-regex.js';
import { leftOut } from '../shared/text.js';
import type { FindingList } from '../types.js';
import { arg, lf, sq } from './text.js';

const WELL_KNOWN: Readonly<Record<string, number>> = { http: 80, https: 443 };

/** The rules that answer the redirect; `scheme` is the listener's (`https` with `server.tls`). */
export function redirectRules(
  needs: RouteNeeds,
  redirect: ResolvedRedirect,
  scheme: 'http' | 'https',
  findings: FindingList,
): string[] {
  const at = `${needs.at}.redirect`;
  const path = pathFormat(needs, redirect.path);
  if (!path.ok)
    return [
      leftOut(findings.unsupported(`${at}.path`, path.reason), '  '),
      `  http-request return status 502 content-type application/problem+json string ${sq(JSON.stringify({ type: 'about:blank', title: 'Bad Gateway', status: 502, detail: 'this redirect is left out of this HAProxy config' }))}`,
    ];
  const target = redirect.scheme ?? scheme;
  const host = redirect.host === undefined ? '%[var(txn.gw_host)]' : lf(redirect.host);
  const out: string[] = [];
  if (redirect.host === undefined)
    // gateway's host: the Host header's name (lower-case, no port); `localhost` when there is none.
    out.push(
      `  http-request set-var(txn.gw_host) ${sq('req.hdr(host),lower,regsub("^(\\[[^]]*\\]|[^:]*).*$","\\1")')}`,
      '  http-request set-var(txn.gw_host) str(localhost) unless { var(txn.gw_host) -m len 1: }',
    );
  let port = '';
  if (redirect.port !== undefined) port = redirect.port === WELL_KNOWN[target] ? '' : `:${redirect.port}`;
  else if (redirect.scheme === undefined) {
    // The port the client named, unless it is the scheme's own.
    out.push(
      `  http-request set-var(txn.gw_port) ${sq(`req.hdr(host),regsub("^(\\[[^]]*\\]|[^:]*)",""),regsub("^:${WELL_KNOWN[target]}$","")`)}`,
    );
    port = '%[var(txn.gw_port)]';
  }
  out.push(
    ...path.rules,
    `  http-request set-var-fmt(txn.gw_location) ${sq(`${target}://${host}${port}${path.format}`)}`,
  );
  if (!redirect.stripQuery)
    out.push(
      `  http-request set-var-fmt(txn.gw_location) ${sq('%[var(txn.gw_location)]?%[query]')} if { query -m len 1: }`,
    );
  out.push(`  http-request redirect location ${sq('%[var(txn.gw_location)]')} code ${redirect.status}`);
  return out;
}

type PathFormat =
  | { readonly ok: true; readonly rules: string[]; readonly format: string }
  | { readonly ok: false; readonly reason: string };

/** The `Location` path as a log-format expression (and any rules it needs first). */
function pathFormat(needs: RouteNeeds, rule: ResolvedRedirect['path']): PathFormat {
  // The path as received: percent-encodings stay, so the Location stays a valid URI (gateway only
  // decodes unreserved characters, which no route regex tells apart).
  const source = 'path';
  switch (rule.kind) {
    case 'keep':
      return { ok: true, rules: [], format: `%[${source}]` };
    case 'template':
    case 'rest': {
      if (!needs.path.ok) return { ok: false, reason: `path pattern: ${needs.path.reason}` };
      const p = needs.path.path;
      const flags = p.caseInsensitive ? ',i' : '';
      if (rule.kind === 'template') {
        const to = rule.template.replace(/\/\*\*|:([A-Za-z_][A-Za-z0-9_]*)/g, (whole, name?: string) => {
          const i = p.params.indexOf(name ?? '**');
          if (i === -1) return whole;
          return name === undefined ? `/\\${i + 1}` : `\\${i + 1}`;
        });
        return { ok: true, rules: [], format: `%[${source},regsub(${arg(p.regex)},${arg(to)}${flags})]` };
      }
      const i = p.params.indexOf('**');
      if (i === -1) return { ok: false, reason: 'a `prefix` redirect needs a path ending in `/**`' };
      // `to` + `/` + the `**` rest; `to` alone when the rest is empty.
      const slash = rule.to.endsWith('/') ? '' : '/';
      const rest = `${source},regsub(${arg(p.regex)},"${slash}\\${i + 1}"${flags})${slash ? ',regsub("^/$","")' : ''}`;
      return {
        ok: true,
        rules: [`  http-request set-var(txn.gw_rest) ${sq(rest)}`],
        format: `${lf(rule.to)}%[var(txn.gw_rest)]`,
      };
    }
    case 'prefix': {
      // A byte prefix's rest is appended as it is; `to/` + `/rest` keeps one slash.
      const from = `^${escapeRegex(rule.from)}${rule.to.endsWith('/') ? '/?' : ''}`;
      const flags = needs.path.ok && needs.path.path.caseInsensitive ? ',i' : '';
      return { ok: true, rules: [], format: `%[${source},regsub(${arg(from)},${arg(rule.to)}${flags})]` };
    }
    case 'regex': {
      const r = rule.pattern;
      if (/\$<\w+>|\$[&`']/.test(rule.replacement))
        return { ok: false, reason: "a replacement with $<name>, $&, $` or $' — use numbered groups ($1)" };
      const to = rule.replacement.replace(/\$(\d)/g, '\\$1').replace(/\$\$/g, '$');
      const flags = [r.flags.includes('i') ? 'i' : '', r.flags.includes('g') ? 'g' : ''].join('');
      // gateway puts a `/` in front of a result that does not start with one.
      return {
        ok: true,
        rules: [],
        format: `%[${source},regsub(${arg(r.source)},${arg(to)}${flags ? `,${flags}` : ''}),regsub("^([^/]|$)","/\\1")]`,
      };
    }
  }
}
