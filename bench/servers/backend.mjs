// The one backend every contender forwards to: a minimal node:http server with a small JSON
// answer. It counts the TCP connections it accepted (`GET /__bench/connections`, asked directly,
// never through a proxy), which shows whether a proxy reuses its upstream connections.
// Usage: node bench/servers/backend.mjs PORT
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 0);
const body = JSON.stringify({ id: 1, name: 'Ada Lovelace', email: 'ada@example.test' });
let connections = 0;

const server = createServer((req, res) => {
  if (req.url === '/__bench/connections') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ connections }));
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.on('connection', () => connections++);
server.listen(port, '127.0.0.1');
