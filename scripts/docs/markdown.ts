/**
 * Just enough Markdown for checking our own pages: fenced blocks, headings and their GitHub
 * anchors, and relative links. Not a Markdown parser; our pages keep to what this reads.
 */

/** A fenced code block: its info string and content lines (without the fences). */
export interface Fence {
  readonly lang: string;
  /** Index of the opening fence line. */
  readonly open: number;
  /** Index of the closing fence line. */
  readonly close: number;
  readonly lines: readonly string[];
}

/** Every fenced block of a page, in order. An unclosed fence runs to the end. */
export function fences(lines: readonly string[]): Fence[] {
  const found: Fence[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)/.exec(lines[i]!);
    if (!open) continue;
    const marker = open[1]!;
    let close = i + 1;
    while (close < lines.length && !lines[close]!.trimStart().startsWith(marker)) close++;
    found.push({ lang: open[2] ?? '', open: i, close, lines: lines.slice(i + 1, close) });
    i = close;
  }
  return found;
}

/** Lines outside fenced blocks, each with its index (fence lines become empty strings). */
export function prose(lines: readonly string[]): string[] {
  const out = [...lines];
  for (const fence of fences(lines))
    for (let i = fence.open; i <= fence.close && i < out.length; i++) out[i] = '';
  return out;
}

/**
 * The anchors GitHub gives a page's headings: the heading's text (inline code, links and emphasis
 * reduced to their text), lower-cased, with everything but letters, digits, spaces, `-` and `_`
 * dropped and spaces turned into `-`; a repeated anchor gets `-1`, `-2`, ….
 */
export function headingAnchors(lines: readonly string[]): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of prose(lines)) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = slug(heading[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** GitHub's heading slug for a heading's Markdown text. */
export function slug(markdown: string): string {
  const text = markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/(\*\*|\*)(\S(?:.*?\S)?)\1/g, '$2');
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** A link in a page's prose: `[text](target)`, with the line it is on (1-based). */
export interface Link {
  readonly target: string;
  readonly line: number;
}

/** Links outside fenced blocks and inline code, except absolute URLs (`https:`, `mailto:` …). */
export function relativeLinks(lines: readonly string[]): Link[] {
  const links: Link[] = [];
  prose(lines).forEach((line, i) => {
    const text = line.replace(/`[^`]*`/g, '');
    for (const match of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
      const target = match[1]!;
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
      links.push({ target, line: i + 1 });
    }
  });
  return links;
}
