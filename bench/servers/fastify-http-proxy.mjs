// Contender: @fastify/http-proxy (Fastify + @fastify/reply-from, which forwards with undici).
// Usage: node bench/servers/fastify-http-proxy.mjs PORT TARGET_URL
import proxy from '@fastify/http-proxy';
import Fastify from 'fastify';

const [port, target] = process.argv.slice(2);
const app = Fastify({ logger: false });
await app.register(proxy, { upstream: target, prefix: '/' });
await app.listen({ port: Number(port), host: '127.0.0.1' });
