import type { Exporter } from '../types.js';
export const gatewayApiExporter: Exporter = {
  name: 'gateway-api',
  description: '',
  export: () => ({ files: [], findings: [] }),
};
