/**
 * `npm run soak -- --minutes N`: the demo under steady load with reloads and instance kills
 * (bench/soak/run.ts); prints the figures. Exit 1 when an idempotent request failed or RSS grew
 * by 10% or more.
 */
import { parseArgs } from 'node:util';
import { runSoak } from './run.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    seconds: { type: 'string' },
    concurrency: { type: 'string', default: '8' },
  },
});
const seconds = values.seconds !== undefined ? Number(values.seconds) : Number(values.minutes) * 60;
console.log(
  `soak: ${seconds} s, reload every 5 s (every 4th invalid), one orders instance killed every 30 s`,
);
const figures = await runSoak({
  seconds,
  concurrency: Number(values.concurrency),
  log: (line) => console.log(`  ${line}`),
});
const growth = ((figures.end.rssMiB - figures.start.rssMiB) / figures.start.rssMiB) * 100;
const format = (n: number) => n.toLocaleString('en-US');
console.log(`
requests sent              ${format(figures.sent)} (${format(Math.round(figures.sent / seconds))}/s)
failed idempotent          ${format(figures.idempotentFailures)}
failed non-idempotent      ${format(figures.nonIdempotentFailures)}
reloads written            ${figures.reloadsWritten} (applied ${figures.reloadsApplied}, refused ${figures.reloadsRefused})
orders kills               ${figures.kills}
RSS launched/start/end     ${figures.launched.rssMiB.toFixed(1)} / ${figures.start.rssMiB.toFixed(1)} / ${figures.end.rssMiB.toFixed(1)} MiB (start = after ${Math.round(figures.warmupMs / 1000)} s of load; growth since ${growth.toFixed(1)}%)
open fds start/end         ${figures.start.openFds} / ${figures.end.openFds}`);
for (const [cause, count] of Object.entries(figures.failuresByCause)) console.log(`  ${cause}: ${count}`);
process.exitCode = figures.idempotentFailures > 0 || growth >= 10 ? 1 : 0;
