/** nginx quoting: strings in single quotes, and a literal `$` through a `geo` variable. */

/** Quotes `text` for an nginx directive; `$` becomes `${gw_dollar}` (declared once in http{}). */
export function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\$/g, '${gw_dollar}')}'`;
}

/** Quotes a regex for nginx (`~` arguments): double quotes keep `{n}` and `;` intact. */
export function quoteRegex(regex: string): string {
  return `"${regex.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** `$http_x_tenant` for a header name. */
export function headerVariable(name: string): string {
  return `$http_${name.toLowerCase().replace(/-/g, '_')}`;
}

/** `$arg_beta` for a query parameter name. */
export function argVariable(name: string): string {
  return `$arg_${name}`;
}

/** Re-indents a config by its braces (those outside quotes), two spaces a level. */
export function reindent(lines: readonly string[]): string {
  let depth = 0;
  const out: string[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    let opens = 0;
    let closes = 0;
    let quoteChar = '';
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      if (quoteChar) {
        if (ch === '\\') i++;
        else if (ch === quoteChar) quoteChar = '';
      } else if (ch === '"' || ch === "'") quoteChar = ch;
      else if (ch === '#') break;
      else if (ch === '{') opens++;
      else if (ch === '}') closes++;
    }
    const leadingCloses = line.startsWith('}') ? Math.min(closes, 1) : 0;
    const level = Math.max(0, depth - leadingCloses);
    out.push(line === '' ? '' : `${'  '.repeat(level)}${line}`);
    depth = Math.max(0, depth + opens - closes);
  }
  return out.join('\n');
}

/** `text` escaped for the inside of a single-quoted nginx string (variables are added beside it). */
export function literal(text: string): string {
  return quote(text).slice(1, -1);
}
