/**
 * gateway's regex rewrite replaces the first match inside the path (JavaScript's
 * `String.replace`); nginx, HAProxy and Caddy replace the whole path when their regex matches.
 * This widens the pattern to the whole path and renumbers the groups so both agree.
 */

/** Counts capturing groups: `(`, `(?<name>`, not `(?:`, `(?=`… nor an escaped `\(` or one in `[…]`. */
export function countGroups(pattern: string): number {
  let count = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\') i++;
    else if (inClass) inClass = ch !== ']';
    else if (ch === '[') inClass = true;
    else if (
      ch === '(' &&
      (pattern[i + 1] !== '?' || (pattern[i + 2] === '<' && pattern[i + 3] !== '=' && pattern[i + 3] !== '!'))
    )
      count++;
  }
  return count;
}

/**
 * `pattern` → a regex over the whole path and `replacement` with `ref(n)` group references
 * (`$1` for nginx/Caddy, `\1` for HAProxy). JavaScript's `$<name>` must already be numbered.
 */
export function wholePathRewrite(
  pattern: string,
  replacement: string,
  ref: (group: number) => string,
): { regex: string; replacement: string } {
  const anchoredStart = pattern.startsWith('^');
  const anchoredEnd = pattern.endsWith('$') && !pattern.endsWith('\\$');
  const core = pattern.slice(anchoredStart ? 1 : 0, anchoredEnd ? -1 : undefined);
  const shift = anchoredStart ? 0 : 1;
  const groups = countGroups(core);
  const body = replacement.replace(/\$(\d+)/g, (_, n: string) => ref(Number(n) + shift));
  return {
    regex: `^${anchoredStart ? '' : '(.*?)'}(?:${core})${anchoredEnd ? '' : '(.*)'}$`,
    replacement: `${anchoredStart ? '' : ref(1)}${body}${anchoredEnd ? '' : ref(groups + shift + 1)}`,
  };
}
