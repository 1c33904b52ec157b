/**
 * undici's `Pool`, loaded on its own. `import { Pool } from 'undici'` also loads fetch, web
 * streams, cache and mock machinery — about 14 MB more resident memory that the proxy never uses
 * (measured with bench/: the gateway's peak RSS target is 150 MB). undici has no `exports` map,
 * so its pool module can be required directly; if a future undici moves it, the package root
 * still works.
 */
import { createRequire } from 'node:module';
import type { Pool as UndiciPool } from 'undici';

const require = createRequire(import.meta.url);

function loadPool(): typeof UndiciPool {
  try {
    return require('undici/lib/dispatcher/pool.js') as typeof UndiciPool;
  } catch {
    return (require('undici') as typeof import('undici')).Pool;
  }
}

/** undici's connection pool class. */
export const Pool: typeof UndiciPool = loadPool();
export type Pool = UndiciPool;
