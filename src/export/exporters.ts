/** The exporters, by the name `gateway export <engine>` takes. Adding one = a module and a line. */
import { caddyExporter } from './caddy/index.js';
import { gatewayApiExporter } from './gateway-api/index.js';
import { haproxyExporter } from './haproxy/index.js';
import { nginxExporter } from './nginx/index.js';
import type { Exporter } from './types.js';

export const EXPORTERS: Readonly<Record<string, Exporter>> = {
  nginx: nginxExporter,
  haproxy: haproxyExporter,
  caddy: caddyExporter,
  'gateway-api': gatewayApiExporter,
};

export type ExporterName = keyof typeof EXPORTERS;
