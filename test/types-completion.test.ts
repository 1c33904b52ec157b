/**
 * Editor completion of config names, asked of TypeScript's own language server (`tsc --lsp`)
 * as an editor asks it while a value is being typed (an empty string so far): inside
 * `upstream: '…'`, `auth: '…'`, `expect.route` and `expect.upstream`, the suggestions are the
 * names the config declares.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const CONFIG = `import { defineConfig } from 'gateway';

export default defineConfig({
  upstreams: { users: 'http://127.0.0.1:4001', orders: 'http://127.0.0.1:4002' },
  auth: { sessions: { type: 'jwt', algorithms: ['HS256'], secret: { env: 'S' } } },
  routes: [{ name: 'users', match: { path: '/users/**' }, upstream: '', auth: '' }],
  tests: [{ request: { url: '/' }, expect: { route: '', upstream: '' } }],
});
`;

/** A minimal LSP client over stdio. */
function languageServer(cwd: string) {
  const server: ChildProcess = spawn(
    process.execPath,
    [join(ROOT, 'node_modules/typescript/bin/tsc'), '--lsp', '--stdio'],
    { cwd, stdio: ['pipe', 'pipe', 'ignore'] },
  );
  let buffer = Buffer.alloc(0);
  let nextId = 0;
  const pending = new Map<number, (result: unknown) => void>();
  const send = (message: object) => {
    const text = JSON.stringify({ jsonrpc: '2.0', ...message });
    server.stdin!.write(`Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
  };
  server.stdout!.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, end).toString())![1]);
      if (buffer.length < end + 4 + length) return;
      const message = JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString());
      buffer = buffer.subarray(end + 4 + length);
      if (message.method !== undefined && message.id !== undefined) send({ id: message.id, result: null });
      else if (message.id !== undefined) pending.get(message.id)?.(message.result);
    }
  });
  const request = (method: string, params: object) =>
    new Promise<unknown>((resolve) => {
      pending.set(++nextId, resolve);
      send({ id: nextId, method, params });
    });
  return {
    request,
    notify: (method: string, params: object) => send({ method, params }),
    close: () => server.kill(),
  };
}

test('completion offers the declared upstream, provider and route names', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'gw-completion-'));
  const file = join(dir, 'gateway.config.ts');
  await writeFile(file, CONFIG);
  await writeFile(join(dir, 'package.json'), '{ "type": "module" }');
  await writeFile(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        module: 'nodenext',
        noEmit: true,
        skipLibCheck: true,
        types: [],
        paths: { gateway: [join(ROOT, 'src/index.ts')] },
      },
      include: ['gateway.config.ts'],
    }),
  );
  const server = languageServer(dir);
  try {
    const uri = pathToFileURL(file).href;
    await server.request('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(dir).href,
      capabilities: {},
    });
    server.notify('initialized', {});
    server.notify('textDocument/didOpen', {
      textDocument: { uri, languageId: 'typescript', version: 1, text: CONFIG },
    });
    const lines = CONFIG.split('\n');
    const complete = async (line: number, after: string) => {
      const character = lines[line]!.indexOf(after) + after.length;
      const result = (await server.request('textDocument/completion', {
        textDocument: { uri },
        position: { line, character },
      })) as { items?: { label: string }[] } | { label: string }[] | null;
      const items = Array.isArray(result) ? result : (result?.items ?? []);
      return items.map((item) => item.label).sort();
    };
    assert.equal(await complete(5, "upstream: '"), ['orders', 'users']);
    assert.equal(await complete(5, "auth: '"), ['sessions']);
    assert.equal(await complete(6, "route: '"), ['users']);
    assert.equal(await complete(6, "upstream: '"), ['orders', 'users']);
  } finally {
    server.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test.run();
