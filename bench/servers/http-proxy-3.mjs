// Contender: raw http-proxy-3 with a keep-alive agent, the least a Node proxy does.
// Usage: node bench/servers/http-proxy-3.mjs PORT TARGET_URL
import { Agent, createServer } from 'node:http';
import { createProxyServer } from 'http-proxy-3';

const [port, target] = process.argv.slice(2);
const proxy = createProxyServer({ target, agent: new Agent({ keepAlive: true }) });
proxy.on('error', (_error, _req, res) => {
  if (typeof res.writeHead === 'function' && !res.headersSent) res.writeHead(502);
  res.end?.();
});
createServer((req, res) => proxy.web(req, res)).listen(Number(port), '127.0.0.1');
