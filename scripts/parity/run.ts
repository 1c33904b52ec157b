/**
 * `npm run parity [engine…]`: runs the demo config's cases through every installed engine
 * (nginx, HAProxy, Caddy) as exported, and prints two tables: parity per engine (cases run,
 * passed, unsupported with reasons) and features per engine (gateway-api included, from its findings).
 * Exit 1 when a case the exporter did not report unsupported fails, or an engine is missing.
 */
import { loadTable } from '../../src/commands/load-table.js';
import { analyzeConfig } from '../../src/export/analysis.js';
import { EXPORTERS } from '../../src/export/exporters.js';
import { ROOT } from './demo-config.js';
import { ENGINES, installedEngines } from './engines.js';
import { featureTable } from './features.js';
import { type ParityResult, runParity } from './harness.js';

const wanted = process.argv.slice(2);
const names = wanted.length > 0 ? wanted : ENGINES.map((e) => e.name);
const engines = installedEngines(names);
const missing = names.filter((n) => !engines.some((e) => e.name === n));
let failed = missing.length > 0;

const results: ParityResult[] = [];
for (const engine of engines) {
  const result = await runParity(engine);
  results.push(result);
  if (!result.check.ok || result.failures.length > 0) failed = true;
}

const rows = [
  ['engine', 'cases run', 'passed', 'unsupported', 'supported but failed'],
  ...results.map((r) => [
    r.engine,
    String(r.results.length),
    String(r.results.filter((c) => c.ok).length),
    String(r.unsupported.length),
    String(r.failures.length),
  ]),
  ...missing.map((name) => [name, '—', '—', '—', 'not installed']),
];
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
process.stdout.write('Parity of the demo config (gateway.config.example.ts) per engine\n\n');
for (const row of rows)
  process.stdout.write(
    `${row
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd()}\n`,
  );

for (const r of results) {
  if (r.unsupported.length === 0 && r.failures.length === 0) continue;
  process.stdout.write(`\n${r.engine}: unsupported\n`);
  for (const u of r.unsupported) process.stdout.write(`  ${u.case}: ${[...new Set(u.reasons)].join('; ')}\n`);
  for (const f of r.failures) {
    const why =
      f.error ??
      f.mismatches
        .map((m) => `${m.field} expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.actual)}`)
        .join('; ');
    process.stdout.write(`  FAILED ${f.case.name}: ${why}\n`);
  }
}

// The feature table covers every exporter, the ones without an engine to run (gateway-api) too.
const loaded = await loadTable({ cwd: ROOT, configPath: 'gateway.config.example.ts', env: {} });
if (loaded.ok) {
  const analysis = await analyzeConfig(loaded.table.config, { env: {} });
  const exported = Object.values(EXPORTERS).map((exporter) => ({
    name: exporter.name,
    findings: exporter.export(loaded.table.config, analysis).findings,
  }));
  process.stdout.write('\nFeatures of the demo config per engine (✔ kept, ≈ approximated, ✘ left out)\n\n');
  const config = loaded.table.config;
  const authTypes = (path: string) => {
    const index = Number(/^routes\[(\d+)\]/.exec(path)?.[1] ?? -1);
    const route = config.routes.find((r) => r.index === index);
    return (route?.auth?.providers ?? []).map((name) => config.auth[name]?.type ?? '');
  };
  process.stdout.write(featureTable(exported, authTypes));
}
process.exitCode = failed ? 1 : 0;
