/** HAProxy quoting: single quotes take everything literally (a `'` ends the quote, so it is spliced). */

/** Quotes one word for haproxy.cfg. */
export function sq(text: string): string {
  return `'${text.replace(/'/g, `'"'"'`)}'`;
}

/** `hdr(x-tenant)`-style sample for a request header. */
export function headerSample(name: string): string {
  return `req.hdr(${name.toLowerCase()})`;
}
