// Experiment: node:http server forwarding through one undici Pool with the low-level dispatch API
// (what a gateway built on undici would pay at least). Usage: node bench/servers/undici-pool.mjs PORT TARGET_URL
import { createServer } from 'node:http';
import { Pool } from 'undici';

const [port, target] = process.argv.slice(2);
const pool = new Pool(target, { connections: 128, pipelining: 1 });

class Handler {
  constructor(res) {
    this.res = res;
  }
  onRequestStart() {}
  onResponseStart(controller, status, headers, statusMessage) {
    this.controller = controller;
    const out = {};
    for (const name in headers)
      if (name !== 'connection' && name !== 'keep-alive' && name !== 'transfer-encoding')
        out[name] = headers[name];
    this.res.writeHead(status, statusMessage, out);
  }
  onResponseData(controller, chunk) {
    if (!this.res.write(chunk)) {
      controller.pause();
      this.res.once('drain', () => controller.resume());
    }
  }
  onResponseEnd() {
    this.res.end();
  }
  onResponseError(_controller, error) {
    if (!this.res.headersSent) this.res.writeHead(502);
    this.res.end(String(error));
  }
}

createServer((req, res) => {
  const headers = { ...req.headers };
  delete headers.connection;
  pool.dispatch(
    {
      path: req.url,
      method: req.method,
      headers,
      body: req.method === 'GET' || req.method === 'HEAD' ? null : req,
    },
    new Handler(res),
  );
}).listen(Number(port), '127.0.0.1');
