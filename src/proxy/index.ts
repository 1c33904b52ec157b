/** The live proxy: a node:http(s) server that executes the pipeline's Decisions. */
export { createGatewayServer, type GatewayServer, type GatewayServerOptions } from './server.js';
export type { Clock, Generation } from './generation.js';
