/**
 * The base config of `gateway diff --base <ref>`: the same config file as it was at a git ref,
 * compiled in memory. The file, the local modules it imports (followed statically: `import … from
 * './x'`) and the files it references (protos — with their folder's other protos —, WSDLs, keys)
 * are written from the ref into a hidden folder at the repository root, which is removed
 * afterwards. Packages (`gateway`, `zod`) and the tsconfig resolve from the working tree, as they
 * would for the file itself. What the ref's modules compute at load time from other sources
 * (reading files by dynamic paths, the environment) is not rewound.
 */
import { execFile } from 'node:child_process';
import { mkdir, realpath, rm, writeFile } from 'node:fs/promises';
import { dirname, join, posix, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { referencedFiles } from '../config/dependencies.js';
import type { ConfigIssue, Result } from '../config/issues.js';
import { loadConfig } from '../config/load.js';
import { compileTable, type RouteTable } from '../pipeline/table.js';

const run = promisify(execFile);
const MODULE_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json'];

/** A base config loaded from git, with a label for reports (`HEAD:gateway.config.ts`). */
export interface BaseTable {
  readonly table: RouteTable;
  readonly label: string;
}

/** Loads `configFile` as it was at `ref`. */
export async function loadConfigAtRef(
  ref: string,
  configFile: string,
  env: NodeJS.ProcessEnv,
): Promise<Result<BaseTable>> {
  const fail = (message: string): Result<BaseTable> => ({
    ok: false,
    issues: [{ path: '', message, file: configFile }],
  });
  const real = await realpath(configFile).catch(() => configFile);
  let top: string;
  try {
    top = await realpath((await git(dirname(real), ['rev-parse', '--show-toplevel'])).trim());
  } catch {
    return fail(`--base ${ref}: the config is not in a git repository — use --base-config <file>`);
  }
  const rel = relative(top, real).split(sep).join('/');
  let tree: Set<string>;
  try {
    const listing = await git(top, ['ls-tree', '-r', '-z', '--name-only', ref]);
    tree = new Set(listing.split('\0').filter(Boolean));
  } catch {
    return fail(`--base ${ref}: git does not know this ref`);
  }
  if (!tree.has(rel)) return fail(`--base ${ref}: ${rel} does not exist at ${ref}`);

  const label = `${ref}:${rel}`;
  const mirror = join(top, `.gateway-diff-${process.pid}-${Date.now().toString(36)}`);
  const extract = async (path: string) => {
    const target = join(mirror, ...path.split('/'));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, await gitBlob(top, `${ref}:${path}`));
  };
  try {
    await mkdir(mirror, { recursive: true });
    for (const path of await importClosure(top, ref, rel, tree)) await extract(path);
    const mirrorFile = join(mirror, ...rel.split('/'));
    const loaded = await loadConfig({ cwd: dirname(mirrorFile), configPath: mirrorFile, env });
    if (!loaded.ok) return { ok: false, issues: relabel(loaded.issues, mirror, ref) };
    for (const path of referencedAtRef(referencedFiles(loaded.config), mirror, tree)) await extract(path);
    const compiled = await compileTable(loaded.config, { env, lazyTransforms: true });
    if (!compiled.ok) return { ok: false, issues: relabel(compiled.issues, mirror, ref) };
    return { ok: true, table: compiled.table, label };
  } finally {
    await rm(mirror, { recursive: true, force: true });
  }
}

async function git(cwd: string, args: string[]): Promise<string> {
  return (await run('git', args, { cwd, maxBuffer: 256 * 1024 * 1024 })).stdout;
}

async function gitBlob(cwd: string, spec: string): Promise<Buffer> {
  return (await run('git', ['show', spec], { cwd, encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 })).stdout;
}

/** The config and the local modules it imports, transitively, as repository paths at the ref. */
async function importClosure(top: string, ref: string, start: string, tree: ReadonlySet<string>) {
  const found = new Set<string>([start]);
  const queue = [start];
  while (queue.length > 0) {
    const path = queue.shift()!;
    if (!/\.[cm]?[jt]s$/.test(path)) continue;
    const source = (await gitBlob(top, `${ref}:${path}`)).toString('utf8');
    for (const specifier of localImports(source)) {
      const resolved = resolveAtRef(posix.join(posix.dirname(path), specifier), tree);
      if (resolved && !found.has(resolved)) {
        found.add(resolved);
        queue.push(resolved);
      }
    }
  }
  return [...found];
}

/** Relative specifiers of static imports, re-exports and literal dynamic imports. */
function localImports(source: string): string[] {
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;
  return [...source.matchAll(pattern)].map((m) => m[1]!);
}

/** `./routes.js` may name routes.ts; a folder its index. */
function resolveAtRef(path: string, tree: ReadonlySet<string>): string | undefined {
  const stem = path.replace(/\.[cm]?js$/, '');
  const candidates = [
    path,
    ...MODULE_EXTENSIONS.map((ext) => stem + ext),
    ...MODULE_EXTENSIONS.map((ext) => `${path}/index${ext}`),
  ];
  return candidates.find((candidate) => tree.has(candidate));
}

/** Referenced files inside the mirror that exist at the ref; a proto brings its folder's protos (imports). */
function referencedAtRef(files: readonly string[], mirror: string, tree: ReadonlySet<string>): string[] {
  const out = new Set<string>();
  for (const file of files) {
    const rel = relative(mirror, file);
    if (rel.startsWith('..')) continue;
    const path = rel.split(sep).join('/');
    if (tree.has(path)) out.add(path);
    if (path.endsWith('.proto')) {
      const folder = posix.dirname(path);
      for (const other of tree)
        if (other.endsWith('.proto') && other.startsWith(`${folder}/`)) out.add(other);
    }
  }
  return [...out];
}

/** Issues name `<ref>:path` instead of the temporary folder. */
function relabel(issues: readonly ConfigIssue[], mirror: string, ref: string): ConfigIssue[] {
  return issues.map((issue) => {
    const fix = (text: string) => text.split(`${mirror}${sep}`).join(`${ref}:`);
    return { ...issue, message: fix(issue.message), ...(issue.file && { file: fix(issue.file) }) };
  });
}
