/**
 * Preloaded into a process the bench measures (`node --import ./bench/servers/probe.mjs …`), so
 * nothing in src/ needs a debug switch: it records the event-loop delay
 * (perf_hooks.monitorEventLoopDelay, 1 ms resolution) and the RSS once a second. On SIGUSR2 it
 * writes both to the file named by GATEWAY_BENCH_PROBE and starts a fresh window, so the bench can
 * drop the warm-up and keep only the measured seconds. When `<file>.heap` exists it names where
 * to write a heap snapshot after the figures are taken (the soak compares two). Without the variable it does nothing.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8';

const file = process.env.GATEWAY_BENCH_PROBE;
if (file) {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  let rssMb = [];
  const sampler = setInterval(() => rssMb.push(Math.round(process.memoryUsage.rss() / 2 ** 20)), 1000);
  sampler.unref();
  const ms = (ns) => Math.round(ns / 1e3) / 1e3;
  const dump = () => {
    const memory = process.memoryUsage();
    const report = {
      heapUsedMb: Math.round(memory.heapUsed / 2 ** 20),
      heapTotalMb: Math.round(memory.heapTotal / 2 ** 20),
      // What each V8 space holds on to (committed), MB: the young generation grows under load.
      spacesMb: Object.fromEntries(
        getHeapSpaceStatistics().map((s) => [s.space_name, Math.round(s.space_size / 2 ** 20)]),
      ),
      // Outside V8's heap: Buffers and ArrayBuffers (socket and body chunks) and what native code reports.
      externalMb: Math.round(memory.external / 2 ** 20),
      arrayBuffersMb: Math.round(memory.arrayBuffers / 2 ** 20),
      eventLoopDelayMs: {
        p50: ms(delay.percentile(50)),
        p99: ms(delay.percentile(99)),
        p999: ms(delay.percentile(99.9)),
        max: ms(delay.max),
      },
      rssMb: [...rssMb, Math.round(process.memoryUsage.rss() / 2 ** 20)],
    };
    // After the figures: writing a snapshot raises RSS itself.
    if (existsSync(`${file}.heap`)) {
      const target = readFileSync(`${file}.heap`, 'utf8');
      rmSync(`${file}.heap`);
      writeHeapSnapshot(target);
    }
    writeFileSync(file, JSON.stringify(report));
    delay.reset();
    rssMb = [];
  };
  process.on('SIGUSR2', dump);
}
