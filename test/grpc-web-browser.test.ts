import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  PRODUCTS_PROTO,
  PROTO_INCLUDE_DIRS,
  type RunningGrpcFixture,
  startProductService,
} from '../fixtures/grpc.js';
import { startTestGateway, type TestGateway } from './proxy-harness.js';

// A real browser (Debian's headless Chromium, driven by playwright-core, never a downloaded one)
// loads a page from another origin that calls ProductService through the gateway with gRPC-Web:
// CORS preflight, framing and trailers as a browser really sends and reads them.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The page's script: a hand-written gRPC-Web call with fetch (no bundle), run in the browser. */
const PAGE = `<!doctype html><meta charset="utf-8"><title>gRPC-Web</title>
<script>
async function getProduct(gateway, id) {
  const idBytes = new TextEncoder().encode(id);
  const message = new Uint8Array([0x0a, idBytes.length, ...idBytes]); // GetProductRequest.id = 1
  const frame = new Uint8Array(5 + message.length);
  new DataView(frame.buffer).setUint32(1, message.length);
  frame.set(message, 5);
  const response = await fetch(gateway + '/shop.v1.ProductService/GetProduct', {
    method: 'POST',
    headers: { 'content-type': 'application/grpc-web+proto', 'x-grpc-web': '1' },
    body: frame,
  });
  const bytes = new Uint8Array(await response.arrayBuffer());
  const out = { status: response.status, contentType: response.headers.get('content-type') };
  for (let at = 0; at < bytes.length; ) {
    const length = new DataView(bytes.buffer).getUint32(at + 1);
    const payload = bytes.subarray(at + 5, at + 5 + length);
    if (bytes[at] & 0x80) out.trailers = new TextDecoder().decode(payload);
    else out.name = readString(payload, 2);
    at += 5 + length;
  }
  return out;
}
/** The string field number \`field\` of a protobuf message (enough for Product.name). */
function readString(bytes, field) {
  for (let at = 0; at < bytes.length; ) {
    let key = 0, shift = 0, b;
    do { b = bytes[at++]; key |= (b & 0x7f) << shift; shift += 7; } while (b & 0x80);
    const wire = key & 7;
    if (wire === 0) { do { b = bytes[at++]; } while (b & 0x80); continue; }
    if (wire === 2) {
      let length = 0; shift = 0;
      do { b = bytes[at++]; length |= (b & 0x7f) << shift; shift += 7; } while (b & 0x80);
      if (key >> 3 === field) return new TextDecoder().decode(bytes.subarray(at, at + length));
      at += length; continue;
    }
    at += wire === 1 ? 8 : 4;
  }
  return undefined;
}
</script>`;

let products: RunningGrpcFixture;
let gateway: TestGateway;
let page: Server;
let pageOrigin: string;
let profile: string;

test.before(async () => {
  products = await startProductService();
  page = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(PAGE);
  });
  await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
  pageOrigin = `http://127.0.0.1:${(page.address() as AddressInfo).port}`;
  gateway = await startTestGateway({
    upstreams: {
      products: {
        targets: [products.url],
        protocol: 'grpc',
        grpc: { protos: [PRODUCTS_PROTO], includeDirs: [PROTO_INCLUDE_DIRS[0]!] },
      },
    },
    routes: [
      {
        name: 'web',
        match: { path: '/shop.v1.ProductService/**' },
        upstream: 'products',
        grpcWeb: true,
        cors: { origins: [pageOrigin] },
      },
    ],
  });
  profile = mkdtempSync(join(tmpdir(), 'gateway-chromium-'));
});

test.after(async () => {
  await gateway.close();
  await products.close();
  await new Promise((resolve) => page.close(resolve));
  rmSync(profile, { recursive: true, force: true });
});

test('a page on another origin calls GetProduct through the gateway with gRPC-Web', async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`);
  const { chromium } = await import('playwright-core');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const tab = await context.newPage();
    await tab.goto(`${pageOrigin}/`);
    const answer = await tab.evaluate(
      (gatewayUrl) =>
        (window as unknown as { getProduct(g: string, id: string): Promise<unknown> }).getProduct(
          gatewayUrl,
          '42',
        ),
      gateway.url,
    );
    assert.equal(answer, {
      status: 200,
      contentType: 'application/grpc-web+proto',
      name: "The Hitchhiker's Guide",
      trailers: 'grpc-status:0\r\n',
    });
    const denied = await tab.evaluate(
      (gatewayUrl) =>
        (window as unknown as { getProduct(g: string, id: string): Promise<unknown> })
          .getProduct(gatewayUrl, '999')
          .catch((error: Error) => error.message),
      gateway.url,
    );
    assert.match(JSON.stringify(denied), 'grpc-status:5');
  } finally {
    await context.close();
  }
});

test.run();
