import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PRODUCTS_PROTO, PROTO_INCLUDE_DIRS } from '../fixtures/grpc.js';
import { INVENTORY_WSDL } from '../fixtures/soap.js';
import {
  matchPathTemplate,
  parsePathTemplate,
  type PathTemplate,
} from '../src/pipeline/transform/grpc/path-template.js';
import { compileTransforms } from '../src/pipeline/transform/index.js';
import { resolved } from './transform-support.js';

// Compiling: lazy loading, config issues with key paths, files to watch, path templates.

function tempFile(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'gw-transform-')), name);
  writeFileSync(file, text);
  return file;
}

const loadedModules = () => Object.keys(createRequire(import.meta.url).cache);

test('a config without gRPC or SOAP upstreams loads neither protobuf, gRPC nor SOAP', async () => {
  const config = resolved({
    upstreams: { users: 'http://127.0.0.1:1' },
    routes: [{ name: 'u', match: { path: '/u' }, upstream: 'users' }],
  });
  const compiled = await compileTransforms(config);
  assert.ok(compiled.ok);
  if (compiled.ok) assert.is(compiled.transforms.size, 0);
  const heavy = loadedModules().filter((m) => /node_modules\/(protobufjs|@grpc|@bufbuild|soap)\//.test(m));
  assert.equal(heavy, []);
});

function grpcConfig(protos: string[], method?: string, includeDirs = [PROTO_INCLUDE_DIRS[0]!]) {
  return resolved({
    upstreams: {
      products: { targets: ['grpc://127.0.0.1:1'], protocol: 'grpc', grpc: { protos, includeDirs } },
    },
    routes: [
      { name: 'p', match: { path: '/p/**' }, upstream: 'products', ...(method ? { grpc: { method } } : {}) },
    ],
  });
}

test('files to watch: the protos and the WSDL', async () => {
  const compiled = await compileTransforms(
    resolved({
      upstreams: {
        products: {
          targets: ['grpc://127.0.0.1:1'],
          protocol: 'grpc',
          grpc: { protos: [PRODUCTS_PROTO], includeDirs: [PROTO_INCLUDE_DIRS[0]!] },
        },
        inventory: { targets: ['http://127.0.0.1:1'], protocol: 'soap', soap: { wsdl: INVENTORY_WSDL } },
      },
      routes: [
        { name: 'p', match: { path: '/p/**' }, upstream: 'products' },
        { name: 'i', match: { path: '/i/:sku' }, upstream: 'inventory', soap: { operation: 'GetStock' } },
      ],
    }),
  );
  assert.ok(compiled.ok);
  if (compiled.ok) assert.equal(compiled.files.sort(), [PRODUCTS_PROTO, INVENTORY_WSDL].sort());
});

const issues: [string, () => ReturnType<typeof grpcConfig>, { path: string; message: RegExp }][] = [
  [
    'unknown method, with a suggestion',
    () => grpcConfig([PRODUCTS_PROTO], 'shop.v1.ProductService/GetProdukt'),
    {
      path: 'routes[0].grpc.method',
      message:
        /^"shop.v1.ProductService\/GetProdukt" is not a method of the protos of "products" — did you mean "shop.v1.ProductService\/GetProduct"\?$/,
    },
  ],
  [
    'a missing proto file',
    () => grpcConfig(['/nowhere/x.proto']),
    { path: 'upstreams.products.grpc.protos', message: /cannot read \/nowhere\/x.proto/ },
  ],
  [
    'an import not in the include dirs',
    () => grpcConfig([tempFile('importer.proto', 'syntax = "proto3";\nimport "nope/dep.proto";\n')]),
    { path: 'upstreams.products.grpc.protos', message: /nope\/dep.proto \(not found in the include dirs\)/ },
  ],
];
for (const [name, config, expected] of issues) {
  test(`issue: ${name}`, async () => {
    const compiled = await compileTransforms(config());
    assert.is(compiled.ok, false);
    if (compiled.ok) return;
    assert.is(compiled.issues[0]!.path, expected.path);
    assert.match(compiled.issues[0]!.message, expected.message);
  });
}

test('issue: a proto syntax error names the file and line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gw-proto-'));
  const file = join(dir, 'broken.proto');
  writeFileSync(file, 'syntax = "proto3";\npackage x;\nmessage A {\n  string a = ;\n}\n');
  const compiled = await compileTransforms(grpcConfig([file]));
  assert.is(compiled.ok, false);
  if (!compiled.ok) {
    assert.is(compiled.issues[0]!.file, file);
    assert.is(compiled.issues[0]!.line, 4);
  }
});

test('issue: annotations asked for but the protos have none', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gw-proto-'));
  const file = join(dir, 'plain.proto');
  writeFileSync(file, 'syntax = "proto3";\npackage x;\nmessage A {}\nservice S { rpc M(A) returns (A); }\n');
  const compiled = await compileTransforms(grpcConfig([file]));
  assert.is(compiled.ok, false);
  if (!compiled.ok)
    assert.match(
      compiled.issues[0]!.message,
      /no method of "products" has google.api.http annotations; name one, e.g. method: "x.S\/M"/,
    );
});

test('issue: a SOAP version the WSDL has no port for', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gw-wsdl-'));
  const { readFileSync } = await import('node:fs');
  const only11 = readFileSync(INVENTORY_WSDL, 'utf8').replace(
    /<wsdl:port name="InventorySoap12Port"[\s\S]*?<\/wsdl:port>/,
    '',
  );
  const file = join(dir, 'only11.wsdl');
  writeFileSync(file, only11);
  const compiled = await compileTransforms(
    resolved({
      upstreams: {
        inventory: {
          targets: ['http://127.0.0.1:1'],
          protocol: 'soap',
          soap: { wsdl: file, version: '1.2' },
        },
      },
      routes: [{ name: 'i', match: { path: '/i' }, upstream: 'inventory', soap: { operation: 'GetStock' } }],
    }),
  );
  assert.is(compiled.ok, false);
  if (!compiled.ok) assert.equal(compiled.issues[0]!.path, 'upstreams.inventory.soap.version');
});

// template, path → variables (undefined: no match)
const templates: [string, string, Record<string, string> | undefined][] = [
  ['/api/products/{id}', '/api/products/42', { id: '42' }],
  ['/api/products/{id}', '/api/products/a%20b', { id: 'a b' }],
  ['/api/products/{id}', '/api/products/42/stock', undefined],
  ['/api/products/{id}', '/api/products/', undefined],
  ['/v1/{name=shelves/*/books/*}', '/v1/shelves/1/books/2', { name: 'shelves/1/books/2' }],
  ['/v1/{name=shelves/*/books/*}', '/v1/shelves/1/books', undefined],
  ['/files/{path=**}', '/files/a/b/c.txt', { path: 'a/b/c.txt' }],
  ['/files/**', '/files', {}],
  ['/api/products:create', '/api/products:create', {}],
  ['/api/products:create', '/api/products', undefined],
  ['/v1/{book.shelf}/{book.id}:publish', '/v1/s1/b2:publish', { 'book.shelf': 's1', 'book.id': 'b2' }],
];
for (const [template, path, expected] of templates) {
  test(`template ${template} on ${path}`, () => {
    const parsed = parsePathTemplate(template) as PathTemplate;
    assert.type(parsed, 'object');
    assert.equal(matchPathTemplate(parsed, path), expected);
  });
}

test.run();
