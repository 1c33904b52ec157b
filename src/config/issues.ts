/** `ConfigIssue`: one problem with a config, as loading, validation and compiling report it. */

export interface ConfigIssue {
  /** Key path: `routes[3].match.path`, `upstreams.orders.targets[1]`; `''` for the whole file. */
  readonly path: string;
  /** What is wrong and how to fix it: `"order" is not defined — did you mean "orders"?` */
  readonly message: string;
  readonly file?: string;
  /** 1-based, where the source can be mapped. */
  readonly line?: number;
  readonly column?: number;
}

/** Either a value or the issues that prevented it. Loading and compiling return this. */
export type Result<T> =
  | ({ readonly ok: true } & T)
  | { readonly ok: false; readonly issues: readonly ConfigIssue[] };

/** Formats `routes[3].match.path` from `['routes', 3, 'match', 'path']`. */
export function formatKeyPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/**
 * The inverse of `formatKeyPath`: `routes[3].match.path` → `['routes', 3, 'match', 'path']`,
 * `upstreams["my-api"].targets[0]` → `['upstreams', 'my-api', 'targets', 0]`.
 */
export function parseKeyPath(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  const pattern = /\.?([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
  while (pattern.lastIndex < path.length) {
    const match = pattern.exec(path);
    if (match === null) break;
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push(JSON.parse(match[3]!) as string);
  }
  return segments;
}
