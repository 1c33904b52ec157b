/** HAProxy quoting: single quotes take everything literally (a `'` ends the quote, so it is spliced). */

/** Quotes one word for haproxy.cfg. */
export function sq(text: string): string {
  return `'${text.replace(/'/g, `'"'"'`)}'`;
}

/** `hdr(x-tenant)`-style sample for a request header. */
export function headerSample(name: string): string {
  return `req.hdr(${name.toLowerCase()})`;
}

/** Literal text inside a log-format string (`lf-string`, `set-var-fmt`, `redirect location`): `%` doubled. */
export function lf(text: string): string {
  return text.replace(/%/g, '%%');
}

/** A regex or replacement as a double-quoted converter argument (`regsub("…","…")`); backslashes stay. */
export function arg(text: string): string {
  return `"${text.replace(/"/g, '\\"')}"`;
}

/** A problem document as gateway writes it (`urn:gateway:<kind>`), with extra members. */
export function gatewayProblem(
  kind: string,
  title: string,
  status: number,
  detail: string,
  extras: Record<string, unknown> = {},
): string {
  return JSON.stringify({ type: `urn:gateway:${kind}`, title, status, detail, ...extras });
}
