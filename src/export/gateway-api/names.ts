/** Kubernetes names and Gateway API durations from gateway's names and milliseconds. */

/** A Kubernetes name (RFC 1123 label) from a gateway name: `usersByTenant` → `users-by-tenant`. */
export function kubeName(name: string): string {
  return (
    name
      .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 63) || 'route'
  );
}

/** Gateway API's duration format (GEP-2257): `1h2m3s4ms`. */
export function duration(ms: number): string {
  const parts: string[] = [];
  let rest = Math.round(ms);
  for (const [unit, size] of [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
    ['ms', 1],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.join('') || '0s';
}
