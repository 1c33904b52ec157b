/** Joining a target URL's base path and an upstream request path (the primary request and mirrors). */

/** http-proxy-3's join of a target path and the request path: one slash between, queries merged. */
export function joinPath(base: string, path: string): string {
  const q1 = base.indexOf('?');
  const q2 = path.indexOf('?');
  const basePath = q1 === -1 ? base : base.slice(0, q1);
  const reqPath = q2 === -1 ? path : path.slice(0, q2);
  const query = [q1 === -1 ? '' : base.slice(q1 + 1), q2 === -1 ? '' : path.slice(q2 + 1)]
    .filter(Boolean)
    .join('&');
  const joined = basePath.endsWith('/')
    ? basePath + (reqPath.startsWith('/') ? reqPath.slice(1) : reqPath)
    : basePath + (reqPath.startsWith('/') || reqPath === '' ? reqPath : `/${reqPath}`);
  return query === '' ? joined : `${joined}?${query}`;
}
