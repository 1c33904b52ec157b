/**
 * A small on-disk cache, like ESLint's `--cache`: what compiling a config's protos and WSDLs found
 * (method and operation lists, binding problems) is kept between runs, so `gateway lint` and
 * `gateway explain` need not load protobufjs, @bufbuild/protobuf or the soap package to learn it
 * again. An entry is used only while every file it was read from has the same size and mtime
 * (as ESLint's default `--cache-strategy metadata`; hashing would need node:crypto, whose start-up
 * alone costs ~10 ms), every include-dir miss is still a miss, and gateway and the libraries are
 * the same build. Anything unreadable is simply a miss: the cache is a courtesy, never a source
 * of errors.
 *
 * Where: `node_modules/.cache/gateway/` of the nearest `node_modules` above the config, else
 * `<os tmpdir>/gateway-cache`. `GATEWAY_CACHE_DIR` moves it; `GATEWAY_CACHE=off` (or `0`) turns it off.
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface DescriptionCache {
  /** The folder entries are kept in. */
  readonly dir: string;
  /**
   * The value stored for `what` (the inputs by name: proto paths, a WSDL path) by the code that
   * `stamp` names (see {@link codeStamp}), when every file it was read from is unchanged.
   */
  get<T>(kind: string, what: unknown, stamp: string): T | undefined;
  /**
   * Stores `value`, replacing any entry for `what` (from an older build, too); `files` are the files
   * it was read from, `absent` the paths that must stay missing.
   */
  set(kind: string, what: unknown, stamp: string, value: unknown, inputs: CacheInputs): void;
}

export interface CacheInputs {
  readonly files: readonly string[];
  readonly absent?: readonly string[];
}

interface Entry {
  readonly key: string;
  readonly files: readonly (readonly [path: string, stamp: string])[];
  readonly absent: readonly string[];
  readonly value: unknown;
}

/** Opens the cache for a config in `configDir`; `undefined` when turned off. */
export function openDescriptionCache(options: {
  readonly configDir: string;
  readonly env: NodeJS.ProcessEnv;
}): DescriptionCache | undefined {
  const setting = options.env.GATEWAY_CACHE?.toLowerCase();
  if (setting === 'off' || setting === '0' || setting === 'false') return undefined;
  const dir = options.env.GATEWAY_CACHE_DIR || defaultCacheDir(options.configDir);
  // One file per `what`: a rebuild replaces its entries instead of adding to them.
  const fileOf = (kind: string, what: unknown) =>
    join(dir, `${kind}-${shortHash(JSON.stringify(what))}.json`);

  return {
    dir,
    get<T>(kind: string, what: unknown, stamp: string): T | undefined {
      const keyText = JSON.stringify([stamp, what]);
      let entry: Entry;
      try {
        entry = JSON.parse(readFileSync(fileOf(kind, what), 'utf8')) as Entry;
      } catch {
        return undefined;
      }
      if (entry.key !== keyText) return undefined;
      for (const [path, stamp] of entry.files) if (fileStamp(path) !== stamp) return undefined;
      for (const path of entry.absent) if (existsSync(path)) return undefined;
      return entry.value as T;
    },
    set(kind: string, what: unknown, stamp: string, value: unknown, inputs: CacheInputs): void {
      const keyText = JSON.stringify([stamp, what]);
      const files: [string, string][] = [];
      for (const path of new Set(inputs.files)) {
        const stamp = fileStamp(path);
        if (stamp === undefined) return; // gone already: nothing trustworthy to store
        files.push([path, stamp]);
      }
      const entry: Entry = { key: keyText, files, absent: [...new Set(inputs.absent ?? [])], value };
      const file = fileOf(kind, what);
      try {
        mkdirSync(dir, { recursive: true });
        // Write then rename: concurrent runs (tests, editors) never read half an entry.
        const temporary = `${file}.${process.pid}.tmp`;
        writeFileSync(temporary, JSON.stringify(entry));
        renameSync(temporary, file);
      } catch {
        // A read-only or full disk only costs the next run its speed-up.
      }
    },
  };
}

/**
 * A stamp for the code in the folder of `moduleUrl` (size and mtime of every file there) plus
 * `versions`: rebuilding gateway or upgrading a library gives cached values a new key.
 */
export function codeStamp(moduleUrl: string, packages: readonly string[]): string {
  const dir = dirname(fileURLToPath(moduleUrl));
  const parts: string[] = [
    `gateway@${OWN_VERSION}`,
    ...packages.map((name) => `${name}@${packageVersion(name)}`),
  ];
  try {
    for (const name of readdirSync(dir).sort()) {
      const stat = statSync(join(dir, name));
      parts.push(`${name}:${stat.size}:${stat.mtimeMs}`);
    }
  } catch {
    parts.push(String(Math.random())); // unreadable: never hit
  }
  return shortHash(parts.join('\n'));
}

const HERE = dirname(fileURLToPath(import.meta.url));
const OWN_VERSION = readVersion(join(HERE, '..', '..', 'package.json'));

/** The version of `name` in the nearest node_modules above gateway's own files, as Node finds it. */
function packageVersion(name: string): string {
  for (let dir = HERE; ; dir = dirname(dir)) {
    const file = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(file)) return readVersion(file);
    if (dirname(dir) === dir) return 'none';
  }
}

function readVersion(file: string): string {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? '?';
  } catch {
    return '?';
  }
}

function defaultCacheDir(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules'))) return join(dir, 'node_modules', '.cache', 'gateway');
    if (dirname(dir) === dir) return join(tmpdir(), 'gateway-cache');
  }
}

function fileStamp(path: string): string | undefined {
  try {
    const stat = statSync(path);
    return stat.isFile() ? `${stat.size}:${stat.mtimeMs}` : undefined;
  } catch {
    return undefined;
  }
}

/** 64 bits of FNV-1a for file names; entries also store their whole key, so a collision is a miss. */
function shortHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x01000193);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
