import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { INVENTORY_WSDL, type RunningSoapFixture, startInventoryService } from '../fixtures/soap.js';
import type { SoapTransform } from '../src/pipeline/transform/compiled.js';
import { compileTransforms } from '../src/pipeline/transform/index.js';
import type { TransformPlan } from '../src/pipeline/types.js';
import { callSoap } from '../src/protocols/index.js';
import { bodyText, plan, resolved, transformOf } from './transform-support.js';

// REST → SOAP against the real InventoryService fixture, SOAP 1.1 and 1.2.

let fixture: RunningSoapFixture;
let soap11: SoapTransform;
let soap12: SoapTransform;
let reserve: SoapTransform;

function config(version: '1.1' | '1.2', operation = 'GetStock') {
  return resolved({
    upstreams: {
      inventory: { targets: [fixture.url], protocol: 'soap', soap: { wsdl: INVENTORY_WSDL, version } },
    },
    routes: [
      { name: 'stock', match: { path: '/inventory/:sku' }, upstream: 'inventory', soap: { operation } },
      {
        name: 'reserve',
        match: { path: '/inventory/:sku/reserve' },
        upstream: 'inventory',
        soap: { operation: 'Reserve' },
      },
    ],
  });
}

test.before(async () => {
  fixture = await startInventoryService();
  soap11 = (await transformOf(config('1.1'), 'stock')) as SoapTransform;
  soap12 = (await transformOf(config('1.2'), 'stock')) as SoapTransform;
  reserve = (await transformOf(config('1.1'), 'reserve')) as SoapTransform;
});

test.after(async () => {
  await fixture.close();
});

async function planned(
  transform: SoapTransform,
  method: string,
  url: string,
  options = {},
): Promise<TransformPlan> {
  const result = await plan(transform, method, url, options);
  if (!result.ok) throw new Error(`${result.problem.status} ${result.problem.detail}`);
  return result.plan;
}

async function call(
  transform: SoapTransform,
  p: TransformPlan,
  url = transform.version === '1.2' ? fixture.soap12Url : fixture.url,
) {
  const response = await callSoap(p, { url, id: new URL(url).host }, { transform, timeout: 5000 });
  return { response, json: JSON.parse(await bodyText(response)) };
}

test('an unknown operation is a config issue with a suggestion', async () => {
  const compiled = await compileTransforms(config('1.1', 'GetStok'));
  assert.is(compiled.ok, false);
  if (!compiled.ok) {
    assert.equal(compiled.issues[0], {
      path: 'routes[0].soap.operation',
      message: '"GetStok" is not an operation of InventoryService — did you mean "GetStock"?',
    });
  }
});

test('the port follows the configured SOAP version', () => {
  assert.is(soap11.port, 'InventorySoap11Port');
  assert.is(soap12.port, 'InventorySoap12Port');
});

test('plan: path params, query and body merge; types follow the WSDL', async () => {
  assert.equal(await planned(soap11, 'GET', '/inventory/ABC-1', { params: { sku: 'ABC-1' } }), {
    kind: 'soap',
    operation: 'GetStock',
    version: '1.1',
    args: { sku: 'ABC-1' },
  });
  const p = await planned(reserve, 'POST', '/inventory/ABC-1/reserve?quantity=1', {
    params: { sku: 'ABC-1' },
    body: { quantity: 2 },
  });
  assert.equal(p.kind === 'soap' && p.args, { sku: 'ABC-1', quantity: 2 }, 'body wins over query');
  const fromQuery = await planned(reserve, 'POST', '/inventory/x/reserve?quantity=3', {
    params: { sku: 'ABC-1' },
  });
  assert.equal(
    fromQuery.kind === 'soap' && fromQuery.args,
    { sku: 'ABC-1', quantity: 3 },
    'xsd:int from query text',
  );
});

const bad: [string, string, Record<string, unknown>, string][] = [
  [
    'an xsd:int that is not',
    '/inventory/ABC-1/reserve?quantity=lots',
    { params: { sku: 'ABC-1' } },
    'query.quantity: expected xsd:int (an integer), found "lots"',
  ],
  [
    'an unknown argument',
    '/inventory/ABC-1/reserve',
    { params: { sku: 'ABC-1' }, body: { quantit: 1 } },
    'body.quantit: not an argument of Reserve — did you mean "quantity"?',
  ],
  ['a body that is not an object', '/inventory/ABC-1/reserve', { body: [1] }, 'body: expected a JSON object'],
];
for (const [name, url, options, detail] of bad) {
  test(`plan refuses ${name} with 400`, async () => {
    const result = await plan(reserve, 'POST', url, options);
    assert.is(result.ok, false);
    if (!result.ok) {
      assert.is(result.problem.status, 400);
      assert.ok(result.problem.detail.startsWith(detail), result.problem.detail);
    }
  });
}

for (const version of ['1.1', '1.2'] as const) {
  test(`SOAP ${version}: GetStock returns JSON`, async () => {
    const transform = version === '1.1' ? soap11 : soap12;
    const { response, json } = await call(
      transform,
      await planned(transform, 'GET', '/inventory/ABC-1', { params: { sku: 'ABC-1' } }),
    );
    assert.is(response.status, 200);
    assert.is(response.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(json, { sku: 'ABC-1', quantity: 12, warehouse: 'north' });
  });

  test(`SOAP ${version}: a client fault is a 400 problem with faultcode and faultstring`, async () => {
    const transform = version === '1.1' ? soap11 : soap12;
    const { response, json } = await call(
      transform,
      await planned(transform, 'GET', '/inventory/NOPE', { params: { sku: 'NOPE' } }),
    );
    assert.is(response.status, 400);
    assert.is(response.headers['content-type'], 'application/problem+json');
    assert.is(json.faultcode, version === '1.1' ? 'soap:Client' : 'soap:Sender');
    assert.is(json.faultstring, 'unknown sku NOPE');
  });

  test(`SOAP ${version}: a server fault is a 502 problem`, async () => {
    const transform = version === '1.1' ? soap11 : soap12;
    const { response, json } = await call(
      transform,
      await planned(transform, 'GET', '/inventory/BROKEN', { params: { sku: 'BROKEN' } }),
    );
    assert.is(response.status, 502);
    assert.is(json.faultcode, version === '1.1' ? 'soap:Server' : 'soap:Receiver');
    assert.is(json.faultstring, 'inventory backend unavailable');
  });
}

test('a target URL without a path uses the WSDL address path', async () => {
  const origin = new URL(fixture.url).origin;
  const { response, json } = await call(
    soap11,
    await planned(soap11, 'GET', '/inventory/XYZ-9', { params: { sku: 'XYZ-9' } }),
    origin,
  );
  assert.is(response.status, 200);
  assert.is(json.quantity, 0);
});

test('an upstream that is down is a 502 problem', async () => {
  const { response, json } = await call(
    soap11,
    await planned(soap11, 'GET', '/inventory/ABC-1', { params: { sku: 'ABC-1' } }),
    'http://127.0.0.1:1/inventory',
  );
  assert.is(response.status, 502);
  assert.match(json.detail, /ECONNREFUSED/);
});

/** A server answering every request with `body` (status 200, or 500 for faults). */
async function answering(body: string, status = 200): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(status, { 'content-type': 'text/xml' }).end(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/inventory`, server };
}

const LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><GetStockResponse xmlns="http://gateway.demo/inventory"><sku>&lol3;</sku><quantity>1</quantity><warehouse>x</warehouse></GetStockResponse></soap:Body></soap:Envelope>`;

for (const status of [200, 500]) {
  test(`an entity-expansion answer (HTTP ${status}) is refused unparsed with 502`, async () => {
    const evil = await answering(LAUGHS, status);
    try {
      const { response, json } = await call(
        soap11,
        await planned(soap11, 'GET', '/inventory/ABC-1', { params: { sku: 'ABC-1' } }),
        evil.url,
      );
      assert.is(response.status, 502);
      assert.match(json.detail, /DOCTYPE or ENTITY declaration/, json.detail);
    } finally {
      evil.server.close();
    }
  });
}

test('a timeout is a 504 problem', async () => {
  const server = createServer(() => {
    // never answers
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/inventory`;
  try {
    const p = await planned(soap11, 'GET', '/inventory/ABC-1', { params: { sku: 'ABC-1' } });
    const response = await callSoap(p, { url, id: 'slow' }, { transform: soap11, timeout: 50 });
    assert.is(response.status, 504);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test.run();
