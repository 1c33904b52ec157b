/**
 * The SOAP `InventoryService` fixture through a real `soap` client built from the served WSDL:
 * GetStock and Reserve on the SOAP 1.1 port, Client and Server faults, and the SOAP 1.2 port.
 */
import * as soap from 'soap';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type RunningSoapFixture, startInventoryService } from '../fixtures/index.js';

// biome-ignore lint/suspicious/noExplicitAny: soap clients and fault errors are shaped at runtime from the WSDL and the reply
type Dynamic = any;

let inventory: RunningSoapFixture;
let client: soap.Client;
test.before(async () => {
  inventory = await startInventoryService();
  client = await soap.createClientAsync(inventory.wsdlUrl);
});
test.after(async () => {
  await inventory?.close();
});

/** What a fault looks like to a soap client: its code, its text and the HTTP status. */
async function fault(call: Promise<unknown>): Promise<{ code: string; text: string; status: number }> {
  const error: Dynamic = await call.then(
    () => assert.unreachable('expected a SOAP fault'),
    (caught: unknown) => caught,
  );
  const body = error.root.Envelope.Body.Fault;
  return {
    code: body.faultcode ?? body.Code.Value,
    text: body.faultstring ?? body.Reason.Text,
    status: error.response.status,
  };
}

test('the served WSDL points at this instance on both ports', async () => {
  const wsdl = await (await fetch(inventory.wsdlUrl)).text();
  assert.ok(wsdl.includes(`location="${inventory.url}"`));
  assert.ok(wsdl.includes(`location="${inventory.soap12Url}"`));
  assert.equal(Object.keys(client.describe().InventoryService), [
    'InventorySoap12Port',
    'InventorySoap11Port',
  ]);
});

test('GetStock returns the typed stock level', async () => {
  const [result] = await client.GetStockAsync({ sku: 'ABC-1' });
  assert.equal(result, { sku: 'ABC-1', quantity: 12, warehouse: 'north' });
  assert.match(client.lastRequest ?? '', /schemas\.xmlsoap\.org\/soap\/envelope/);
});

test('Reserve takes items out of stock', async () => {
  const [reservation] = await client.ReserveAsync({ sku: 'ABC-1', quantity: 5 });
  assert.equal(reservation, { reservationId: 'R-0001', remaining: 7 });
  const [level] = await client.GetStockAsync({ sku: 'ABC-1' });
  assert.is(level.quantity, 7);
});

test('an unknown sku is a soap:Client fault', async () => {
  assert.equal(await fault(client.GetStockAsync({ sku: 'XYZ' })), {
    code: 'soap:Client',
    text: 'unknown sku XYZ',
    status: 500,
  });
});

test('BROKEN is a soap:Server fault', async () => {
  assert.equal(await fault(client.GetStockAsync({ sku: 'BROKEN' })), {
    code: 'soap:Server',
    text: 'inventory backend unavailable',
    status: 500,
  });
});

test('reserving zero or more than in stock is a soap:Client fault', async () => {
  const none = await fault(client.ReserveAsync({ sku: 'ABC-1', quantity: 0 }));
  assert.is(none.code, 'soap:Client');
  assert.is(none.text, 'quantity must be a positive integer, not 0');
  const tooMany = await fault(client.ReserveAsync({ sku: 'XYZ-9', quantity: 1 }));
  assert.equal(tooMany, {
    code: 'soap:Client',
    text: 'only 0 of XYZ-9 in stock, cannot reserve 1',
    status: 500,
  });
});

test('the SOAP 1.2 port answers in SOAP 1.2, faults as soap:Sender', async () => {
  const client12 = await soap.createClientAsync(inventory.wsdlUrl, { forceSoap12Headers: true });
  const port = (client12 as Dynamic).InventoryService.InventorySoap12Port;
  const call = (args: object) =>
    new Promise((resolve, reject) =>
      port.GetStock(args, (error: unknown, result: unknown) => (error ? reject(error) : resolve(result))),
    );
  assert.equal(await call({ sku: 'XYZ-9' }), { sku: 'XYZ-9', quantity: 0, warehouse: 'south' });
  assert.match(client12.lastResponse ?? '', /www\.w3\.org\/2003\/05\/soap-envelope/);
  assert.equal(await fault(call({ sku: 'NOPE' })), {
    code: 'soap:Sender',
    text: 'unknown sku NOPE',
    status: 500,
  });
});

test('/healthz answers and other paths are 404', async () => {
  const base = inventory.url.replace('/inventory', '');
  assert.is((await fetch(`${base}/healthz`)).status, 200);
  assert.is((await fetch(`${base}/elsewhere`)).status, 404);
});

test.run();
