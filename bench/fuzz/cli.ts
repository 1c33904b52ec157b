/**
 * `npm run fuzz [-- --count N] [--seconds S] [--seed N]`: a million random and mutated requests
 * through `decide`; prints the count, the time and any failure (with its seed and index, which
 * reproduce it). Exit 1 on any failure.
 */
import { parseArgs } from 'node:util';
import { type FuzzStats, loadTargets, runFuzz } from './run.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1000000' },
    seconds: { type: 'string' },
    seed: { type: 'string', default: String(Date.now() % 2 ** 31) },
  },
});
const seed = Number(values.seed);
const count = Number(values.count);
const seconds = values.seconds === undefined ? undefined : Number(values.seconds);

const format = (n: number) => n.toLocaleString('en-US');
const progress = (stats: FuzzStats) =>
  console.log(
    `  ${format(stats.requests)} requests, ${(stats.elapsedMs / 1000).toFixed(1)} s, ${stats.failureCount} failures`,
  );

console.log(`fuzz: seed ${seed} (--seed ${seed} reproduces), up to ${format(count)} requests`);
const targets = await loadTargets(seed);
console.log(`configs: ${targets.map((t) => `${t.name} (${t.table.routes.length} routes)`).join(', ')}`);
const stats = await runFuzz(targets, { seed, count, seconds, onProgress: progress });
const secs = stats.elapsedMs / 1000;
console.log(
  `\n${format(stats.requests)} requests in ${secs.toFixed(1)} s (${format(Math.round(stats.requests / secs))}/s), each decided 3 times (indexed, full scan, indexed again)`,
);
console.log(
  `per config: ${Object.entries(stats.perTarget)
    .map(([k, v]) => `${k} ${format(v)}`)
    .join(', ')}`,
);
console.log(
  `actions: ${Object.entries(stats.actions)
    .map(([k, v]) => `${k} ${format(v)}`)
    .join(', ')}`,
);
console.log(
  `statuses: ${Object.entries(stats.statuses)
    .sort()
    .map(([k, v]) => `${k} ${format(v)}`)
    .join(', ')}`,
);
console.log(`failures: ${stats.failureCount}`);
for (const failure of stats.failures) console.log(JSON.stringify(failure, null, 2));
process.exitCode = stats.failureCount > 0 ? 1 : 0;
