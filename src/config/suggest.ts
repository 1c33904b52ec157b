/** "Did you mean …?" suggestions for misspelt keys and names. */

/**
 * The candidate closest to `input`, when it is close enough to be a likely typo: a different
 * case, or an edit distance (insert, delete, substitute, swap) of at most a third of the length.
 */
export function closestName(input: string, candidates: Iterable<string>): string | undefined {
  const lower = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    if (candidate === input) continue;
    const distance = candidate.toLowerCase() === lower ? 0 : editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const limit = Math.max(1, Math.floor(Math.max(input.length, best?.length ?? 0) / 3));
  return bestDistance <= limit ? best : undefined;
}

/** `' — did you mean "orders"?'`, or `''` when nothing is close. */
export function didYouMean(input: string, candidates: Iterable<string>): string {
  const name = closestName(input, candidates);
  return name === undefined ? '' : ` — did you mean ${JSON.stringify(name)}?`;
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i]!;
    const prev = rows[i - 1]!;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, rows[i - 2]![j - 2]! + 1);
      }
      row[j] = value;
    }
  }
  return rows[a.length]![b.length]!;
}
