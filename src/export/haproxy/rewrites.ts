/** What reaches the upstream: path and query rewrites (`replace-path`, `set-query`) and request header edits. */
import { type ConfigAnalysis, type RouteNeeds, templatePath, type UpstreamNeeds } from '../analysis.js';
import { escapeRegex } from '../path-regex.js';
import { wholePathRewrite } from '../shared/regex-rewrite.js';
import type { FindingList } from '../types.js';
import { sq } from './text.js';

/** The route's path and query rewrite. */
export function rewriteRules(needs: RouteNeeds, findings: FindingList): string[] {
  const r = needs.rewrite;
  const out: string[] = [];
  switch (r.kind) {
    case 'strip-prefix': {
      const prefix = escapeRegex(r.prefix.replace(/\/$/, ''));
      out.push(
        `  http-request replace-path ${sq(`^${prefix}$`)} /`,
        `  http-request replace-path ${sq(`^${prefix}(/.*)$`)} '\\1'`,
      );
      break;
    }
    case 'replace-prefix': {
      const from = escapeRegex(r.from.replace(/\/$/, ''));
      out.push(`  http-request replace-path ${sq(`^${from}(/.*)?$`)} ${sq(`${r.to.replace(/\/$/, '')}\\1`)}`);
      break;
    }
    case 'regex': {
      if (r.global) {
        findings.unsupported(
          `${needs.at}.rewrite.regex`,
          'a regex rewrite with the g flag (every match replaced)',
        );
        break;
      }
      if (/\$<\w+>|\$[&`']/.test(r.replacement)) {
        findings.unsupported(
          `${needs.at}.rewrite.regex`,
          "a replacement with $<name>, $&, $` or $' — use numbered groups ($1)",
        );
        break;
      }
      const whole = wholePathRewrite(r.pattern, r.replacement, (n) => `\\${n}`);
      out.push(
        `  http-request replace-path ${sq(`${r.caseInsensitive ? '(?i)' : ''}${whole.regex}`)} ${sq(whole.replacement)}`,
      );
      break;
    }
    case 'template':
      if (needs.path.ok) {
        const p = needs.path.path;
        // Matched on the path as received: replace-path sees it before decoding.
        out.push(
          `  http-request replace-path ${sq(`${p.caseInsensitive ? '(?i)' : ''}${p.regex}`)} ${sq(templatePath(r, (n) => `\\${n}`))}`,
        );
      }
      break;
    case 'none':
      break;
  }
  const query = needs.route.rewrite?.query;
  if (query && (Object.keys(query.set).length > 0 || query.remove.length > 0)) {
    for (const name of [...query.remove, ...Object.keys(query.set)]) {
      const p = escapeRegex(name);
      // Drop the parameter wherever it stands, then append the set ones.
      out.push(`  http-request set-query %[query,'regsub("(^|&)${p}(=[^&]*)?","")']`);
      out.push(`  http-request set-query %[query,'regsub("^&","")']`);
    }
    const added = Object.entries(query.set)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
      .join('&');
    if (added) {
      out.push(`  http-request set-query ${sq(added)} if { query -m len 0 } || !{ query -m found }`);
      out.push(`  http-request set-query %[query]&${added} unless { query -m end ${sq(added)} }`);
    }
  }
  return out;
}

/** Request header edits, X-Forwarded-*, and the upstream's Host when it changes origin. */
export function headerRules(needs: RouteNeeds, upstream: UpstreamNeeds, analysis: ConfigAnalysis): string[] {
  const out: string[] = [];
  for (const name of analysis.identityHeaders)
    if (!(name in (needs.auth?.identityHeaders ?? {}))) out.push(`  http-request del-header ${name}`);
  for (const name of needs.route.rewrite?.headers.remove ?? []) out.push(`  http-request del-header ${name}`);
  for (const [name, value] of Object.entries(needs.route.rewrite?.headers.set ?? {}))
    out.push(`  http-request set-header ${name} ${sq(value)}`);
  out.push(
    '  http-request set-header x-forwarded-proto http',
    '  http-request set-header x-forwarded-host %[req.hdr(host)]',
  );
  if (upstream.upstream.changeOrigin) {
    const hosts = new Set(upstream.upstream.targets.map((t) => new URL(t.url).host));
    if (hosts.size === 1) out.push(`  http-request set-header host ${[...hosts][0]}`);
  }
  return out;
}
