import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { startAllFixtures } from '../../fixtures/index.js';
import { writeDemoConfig } from './demo-config.js';
import { loadTable } from '../../src/commands/load-table.js';
import { analyzeConfig } from '../../src/export/analysis.js';
import { EXPORTERS } from '../../src/export/exporters.js';
import { installedEngines } from './engines.js';
const dir = '/tmp/pdbg';
await mkdir(dir + '/out', { recursive: true });
const fixtures = await startAllFixtures();
const cfg = await writeDemoConfig(dir, fixtures, 47900);
const loaded = await loadTable({ cwd: dir, configPath: cfg, env: {} });
if (!loaded.ok) throw new Error('x');
const ex = EXPORTERS[process.argv[2] ?? 'nginx']!.export(
  loaded.table.config,
  await analyzeConfig(loaded.table.config, { env: {} }),
);
for (const f of ex.files) await writeFile(dir + '/out/' + f.name, f.content);
const [engine] = installedEngines([process.argv[2] ?? 'nginx']);
const r = await engine!.start(dir + '/out');
console.log('started');
await new Promise((res) => setTimeout(res, Number(process.argv[3] ?? 30000)));
console.log(r.output());
await r.stop();
await fixtures.close();
