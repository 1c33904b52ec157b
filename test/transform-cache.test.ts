import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PRODUCTS_PROTO, PROTO_INCLUDE_DIRS } from '../fixtures/grpc.js';
import { INVENTORY_WSDL } from '../fixtures/soap.js';
import { openDescriptionCache } from '../src/config/cache.js';
import { describeGrpc } from '../src/pipeline/transform/grpc/describe.js';
import { compileTransforms } from '../src/pipeline/transform/index.js';
import { describeSoap } from '../src/pipeline/transform/soap/describe.js';
import { request, resolved } from './transform-support.js';

// The description cache (src/config/cache.ts) and the lazy/check compile modes that use it.

const tempDir = () => mkdtempSync(join(tmpdir(), 'gw-cache-'));
const cacheIn = (dir: string) => openDescriptionCache({ configDir: dir, env: { GATEWAY_CACHE_DIR: dir } })!;

const SERVICE = (methods: string) =>
  `syntax = "proto3";\npackage t.v1;\nmessage Req { string id = 1; }\nservice S {\n${methods}}\n`;

test('a gRPC description is parsed once, then read from the cache until a proto changes', async () => {
  const dir = tempDir();
  const proto = join(dir, 's.proto');
  writeFileSync(proto, SERVICE('  rpc Get(Req) returns (Req);\n'));
  const cache = cacheIn(dir);
  const first = await describeGrpc([proto], [dir], cache);
  assert.ok(first.ok && first.loaded, 'the first run parses');
  const second = await describeGrpc([proto], [dir], cache);
  assert.ok(second.ok && second.loaded === undefined, 'the second run is a hit');
  if (second.ok)
    assert.equal(
      second.description.methods.map((m) => m.name),
      ['t.v1.S/Get'],
    );

  writeFileSync(proto, SERVICE('  rpc Get(Req) returns (Req);\n  rpc Put(Req) returns (Req);\n'));
  const third = await describeGrpc([proto], [dir], cache);
  assert.ok(third.ok && third.loaded, 'a changed proto is parsed again');
  if (third.ok) assert.equal(third.description.methods.length, 2);
});

test('a file appearing earlier in the include dirs than an import resolved before is a miss', async () => {
  const dir = tempDir();
  const [early, late] = [join(dir, 'early'), join(dir, 'late')];
  mkdirSync(join(late, 'dep'), { recursive: true });
  mkdirSync(early);
  writeFileSync(
    join(late, 'dep', 'm.proto'),
    'syntax = "proto3";\npackage d;\nmessage M { string a = 1; }\n',
  );
  const main = join(dir, 'main.proto');
  writeFileSync(main, 'syntax = "proto3";\nimport "dep/m.proto";\nservice S { rpc A(d.M) returns (d.M); }\n');
  const cache = cacheIn(dir);
  assert.ok((await describeGrpc([main], [early, late], cache)).ok);
  const hit = await describeGrpc([main], [early, late], cache);
  assert.ok(hit.ok && hit.loaded === undefined);
  mkdirSync(join(early, 'dep'));
  writeFileSync(
    join(early, 'dep', 'm.proto'),
    'syntax = "proto3";\npackage d;\nmessage M { string b = 1; }\n',
  );
  const shadowed = await describeGrpc([main], [early, late], cache);
  assert.ok(shadowed.ok && shadowed.loaded, 'the new file shadows the old one: parsed again');
});

test('a proto that does not parse is never cached', async () => {
  const dir = tempDir();
  const proto = join(dir, 'bad.proto');
  writeFileSync(proto, 'syntax = "proto3";\nmessage {');
  const cache = cacheIn(dir);
  assert.not.ok((await describeGrpc([proto], [dir], cache)).ok);
  assert.equal(
    readdirSync(dir).filter((f) => f.startsWith('grpc-')),
    [],
  );
});

test('a SOAP description is cached by the WSDL and the files it imports', async () => {
  const dir = tempDir();
  const wsdl = join(dir, 'inventory.wsdl');
  copyFileSync(INVENTORY_WSDL, wsdl);
  const cache = cacheIn(dir);
  const first = await describeSoap(wsdl, cache);
  assert.ok(first.ok && first.loaded);
  const second = await describeSoap(wsdl, cache);
  assert.ok(second.ok && second.loaded === undefined);
  if (first.ok && second.ok) assert.equal(second.description, first.description);
  writeFileSync(wsdl, readFileSync(wsdl, 'utf8').replace(/GetStock/g, 'FetchStock'));
  const third = await describeSoap(wsdl, cache);
  assert.ok(third.ok && third.loaded);
  if (third.ok) assert.ok(third.description.ports[0]!.operations.includes('FetchStock'));
});

test('an entry is replaced by a newer build, and missed when a file it was read from changes', () => {
  const dir = tempDir();
  const input = join(dir, 'input.txt');
  writeFileSync(input, 'one');
  const cache = cacheIn(dir);
  cache.set('k', { input }, 'build-1', 'value-1', { files: [input] });
  cache.set('k', { input }, 'build-2', 'value-2', { files: [input] });
  assert.is(readdirSync(dir).filter((f) => f.startsWith('k-')).length, 1, 'one entry per input');
  assert.is(cache.get('k', { input }, 'build-1'), undefined);
  assert.is(cache.get('k', { input }, 'build-2'), 'value-2');
  writeFileSync(input, 'three');
  assert.is(cache.get('k', { input }, 'build-2'), undefined);
});

test('GATEWAY_CACHE=off turns the cache off', () => {
  assert.is(openDescriptionCache({ configDir: tempDir(), env: { GATEWAY_CACHE: 'off' } }), undefined);
});

function demoConfig(method = 'shop.v1.ProductService/GetProduct') {
  return resolved({
    upstreams: {
      products: {
        targets: ['grpc://127.0.0.1:1'],
        protocol: 'grpc',
        grpc: { protos: [PRODUCTS_PROTO], includeDirs: [...PROTO_INCLUDE_DIRS] },
      },
      inventory: { targets: ['http://127.0.0.1:1'], protocol: 'soap', soap: { wsdl: INVENTORY_WSDL } },
    },
    routes: [
      { name: 'p', match: { path: '/p/:id' }, upstream: 'products', grpc: { method } },
      { name: 'a', match: { path: '/api/**' }, upstream: 'products' },
      { name: 's', match: { path: '/s/:sku' }, upstream: 'inventory', soap: { operation: 'GetStock' } },
    ],
  });
}

test('check and lazy report the same issues as eager, from the cache too', async () => {
  const env = { GATEWAY_CACHE_DIR: tempDir() };
  const bad = demoConfig('shop.v1.ProductService/GetProdcut');
  const eager = await compileTransforms(bad);
  for (let run = 0; run < 2; run++) {
    for (const mode of ['check', 'lazy'] as const) {
      const compiled = await compileTransforms(bad, { mode, cache: { env } });
      assert.equal(compiled, eager, `${mode}, run ${run}`);
    }
  }
});

test('lazy transforms plan exactly like eager ones, and build on the first plan', async () => {
  const env = { GATEWAY_CACHE_DIR: tempDir() };
  await compileTransforms(demoConfig(), { mode: 'check', cache: { env } }); // warm the cache
  const lazy = await compileTransforms(demoConfig(), { mode: 'lazy', cache: { env } });
  const eager = await compileTransforms(demoConfig());
  assert.ok(lazy.ok && eager.ok);
  if (!lazy.ok || !eager.ok) return;
  assert.equal(lazy.files, eager.files);
  const grpc = lazy.transforms.get('p')!;
  assert.is(grpc.kind === 'grpc' && grpc.rpc('shop.v1.ProductService/GetProduct'), undefined);
  const cases = [
    ['p', request('GET', '/p/42'), { id: '42' }],
    ['a', request('GET', '/api/products/42'), {}],
    ['s', request('GET', '/s/ABC-1'), { sku: 'ABC-1' }],
  ] as const;
  for (const [name, req, params] of cases) {
    const input = { request: req, upstreamPath: req.path, params };
    assert.equal(await lazy.transforms.get(name)!.plan(input), await eager.transforms.get(name)!.plan(input));
  }
  assert.ok(
    grpc.kind === 'grpc' && grpc.rpc('shop.v1.ProductService/GetProduct'),
    'rpc after the first plan',
  );
  // Planned from the cached operation inputs: the soap package's WSDL model is never read.
  const soap = lazy.transforms.get('s')!;
  assert.ok(soap.kind === 'soap' && soap.wsdl === undefined && soap.addressPath === '/inventory');
});

test('with a warm cache, check mode loads no protobuf or SOAP library, and lazy plans load no protobufjs or soap', () => {
  const env = { ...process.env, GATEWAY_CACHE_DIR: tempDir() };
  const script = `
    import { createRequire } from 'node:module';
    import { compileTransforms } from './src/pipeline/transform/index.ts';
    import { resolveConfig } from './src/config/resolve.ts';
    import { request } from './test/transform-support.ts';
    const user = ${JSON.stringify({
      upstreams: {
        products: {
          targets: ['grpc://127.0.0.1:1'],
          protocol: 'grpc',
          grpc: { protos: [PRODUCTS_PROTO], includeDirs: [...PROTO_INCLUDE_DIRS] },
        },
        inventory: { targets: ['http://127.0.0.1:1'], protocol: 'soap', soap: { wsdl: INVENTORY_WSDL } },
      },
      routes: [
        { name: 'p', match: { path: '/api/**' }, upstream: 'products' },
        { name: 's', match: { path: '/s/:sku' }, upstream: 'inventory', soap: { operation: 'GetStock' } },
      ],
    })};
    const config = resolveConfig(user, { dir: process.cwd() }).config;
    const loaded = (pattern) => Object.keys(createRequire(import.meta.url).cache).filter((m) => pattern.test(m)).length;
    const checked = await compileTransforms(config, { mode: 'check', cache: { env: process.env } });
    const afterCheck = loaded(/node_modules\\/(protobufjs|soap|axios)\\//);
    const lazy = await compileTransforms(config, { mode: process.env.MODE, cache: { env: process.env } });
    const plans = [];
    for (const [name, url, params] of [['p', '/api/products/42', {}], ['s', '/s/A-1', { sku: 'A-1' }]]) {
      const req = request('GET', url);
      plans.push((await lazy.transforms.get(name).plan({ request: req, upstreamPath: url, params })).ok);
    }
    const afterPlans = loaded(/node_modules\\/(protobufjs|soap|axios)\\//);
    console.log(JSON.stringify({ ok: checked.ok && lazy.ok, plans, afterCheck, afterPlans }));
  `;
  const run = () => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env: { ...env, MODE: 'lazy' },
      encoding: 'utf8',
    });
    assert.is(child.status, 0, child.stderr);
    return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
  };
  const cold = run();
  assert.ok(cold.ok && (cold.afterCheck as number) > 0, 'a cold cache parses with the real libraries');
  assert.equal(run(), { ok: true, plans: [true, true], afterCheck: 0, afterPlans: 0 });
});

test.run();
