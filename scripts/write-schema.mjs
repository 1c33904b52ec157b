// Writes schema/gateway.schema.json — the JSON Schema for JSON/YAML configs and editors —
// from the zod schema, the single source of truth. Runs after `tsc` in `npm run build`, so it
// imports the compiled schema from dist/. The output is committed so users get it with the package.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { configSchema } = await import(pathToFileURL(join(root, 'dist/config/schema/index.js')).href);

// `io: 'input'` describes what users write (shorthand and optional keys), not the parsed output;
// RegExp members have no JSON form and become `{}` (JSON/YAML use `{ regex: '…' }` instead).
const generated = z.toJSONSchema(configSchema, {
  io: 'input',
  unrepresentable: 'any',
  target: 'draft-2020-12',
});
const schema = {
  $schema: generated.$schema,
  $id: 'https://unpkg.com/gateway/schema/gateway.schema.json',
  title: 'gateway config',
  description:
    'Configuration of gateway, an API gateway for your own machine (gateway.config.json / .yaml / .gatewayrc).',
  ...generated,
};

const out = join(root, 'schema/gateway.schema.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(schema, null, 2)}\n`);
console.log(`wrote ${out.slice(root.length + 1)}`);
