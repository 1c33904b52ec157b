/**
 * `server.metrics`: the Prometheus text the gateway serves. The exposition format's own examples
 * (prometheus.io, "Text format details") are data for parser-independent checks of the writer;
 * the live endpoint is scraped through the real proxy and parsed with parse-prometheus-text-format.
 */
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startEcho } from '../fixtures/echo.js';
import { resolveConfig } from '../src/config/resolve.js';
import { Histogram, type MetricFamily, writeExposition } from '../src/metrics/index.js';
import { sampleLine } from '../src/metrics/exposition.js';
import { createPools, decide } from '../src/pipeline/index.js';
import { compileTable, type RouteTable } from '../src/pipeline/table.js';
import { closedPort, send, startTestGateway } from './proxy-harness.js';

/** parse-prometheus-text-format ships no types: the shape its README documents (prom2json's). */
type Parsed = {
  name: string;
  help: string;
  type: 'COUNTER' | 'GAUGE' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED';
  metrics: {
    labels?: Record<string, string>;
    value?: string;
    buckets?: Record<string, string>;
    count?: string;
    sum?: string;
  }[];
}[];
const parsePrometheus = createRequire(import.meta.url)('parse-prometheus-text-format') as (
  text: string,
) => Parsed;

/**
 * The format page's example samples, each as [the sample, the line the page shows]. Values are
 * compared as numbers (the page writes 1.458255915e9 where JavaScript writes 1458255915);
 * timestamps are not written by the gateway and are left out.
 */
const SPEC_LINES: [Parameters<typeof sampleLine>[0], string][] = [
  [
    {
      name: 'http_requests_total',
      labels: [
        ['method', 'post'],
        ['code', '200'],
      ],
      value: 1027,
    },
    'http_requests_total{method="post",code="200"} 1027',
  ],
  [
    {
      name: 'msdos_file_access_time_seconds',
      labels: [
        ['path', 'C:\\DIR\\FILE.TXT'],
        ['error', 'Cannot find file:\n"FILE.TXT"'],
      ],
      value: 1.458255915e9,
    },
    'msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9',
  ],
  [
    { name: 'metric_without_timestamp_and_labels', labels: [], value: 12.47 },
    'metric_without_timestamp_and_labels 12.47',
  ],
  [
    { name: 'something_weird', labels: [['problem', 'division by zero']], value: Number.POSITIVE_INFINITY },
    'something_weird{problem="division by zero"} +Inf',
  ],
];

/** The page's histogram example: the buckets and observations that produce it. */
const SPEC_HISTOGRAM = `# HELP http_request_duration_seconds A histogram of the request duration.
# TYPE http_request_duration_seconds histogram
http_request_duration_seconds_bucket{le="0.05"} 24054
http_request_duration_seconds_bucket{le="0.1"} 33444
http_request_duration_seconds_bucket{le="0.2"} 100392
http_request_duration_seconds_bucket{le="0.5"} 129389
http_request_duration_seconds_bucket{le="1"} 133988
http_request_duration_seconds_bucket{le="+Inf"} 144320
http_request_duration_seconds_sum 53423
http_request_duration_seconds_count 144320
`;

function splitLine(line: string): [string, number] {
  const space = line.lastIndexOf(' ');
  const value = line.slice(space + 1);
  return [line.slice(0, space), value === '+Inf' ? Number.POSITIVE_INFINITY : Number(value)];
}

test('writer: the exposition format page’s example lines, as data', () => {
  let passed = 0;
  for (const [sample, expected] of SPEC_LINES) {
    const [head, value] = splitLine(sampleLine(sample));
    const [expectedHead, expectedValue] = splitLine(expected);
    assert.is(head, expectedHead);
    assert.is(value, expectedValue);
    passed++;
  }
  assert.is(passed, SPEC_LINES.length);
  const help: MetricFamily = {
    name: 'x_total',
    help: 'a \\ backslash and a\nnewline',
    type: 'counter',
    samples: [],
  };
  // HELP escapes \ and newline only.
  assert.is(
    writeExposition([help]),
    '# HELP x_total a \\\\ backslash and a\\nnewline\n# TYPE x_total counter\n',
  );
});

test('writer: the page’s histogram, rebuilt from observations, is written byte for byte', () => {
  const histogram = new Histogram(
    'http_request_duration_seconds',
    'A histogram of the request duration.',
    [],
    [0.05, 0.1, 0.2, 0.5, 1],
  );
  // Bucket by bucket: 24054 ≤ 0.05, 9390 more ≤ 0.1, … 10332 above 1; the sum is made to be 53423.
  const perBucket: [number, number][] = [
    [0.05, 24054],
    [0.1, 33444 - 24054],
    [0.2, 100392 - 33444],
    [0.5, 129389 - 100392],
    [1, 133988 - 129389],
    [2, 144320 - 133988],
  ];
  let sum = 0;
  for (const [value, times] of perBucket) {
    for (let i = 0; i < times; i++) histogram.observe([], value);
    sum += value * times;
  }
  // The page's sum (53423) is made up; ours is what these observations add to (compared as a number).
  const text = writeExposition([histogram.family()]);
  const withoutSum = (t: string) => t.replace(/_sum \S+/, '_sum …');
  assert.is(withoutSum(text), withoutSum(SPEC_HISTOGRAM));
  const written = Number(/_sum (\S+)/.exec(text)![1]);
  assert.ok(Math.abs(written - sum) < 1e-6, `${written} ≠ ${sum}`);
  // The page's own text and ours parse to the same buckets.
  const [ours] = parsePrometheus(text);
  const [theirs] = parsePrometheus(SPEC_HISTOGRAM);
  assert.equal(ours?.metrics[0]?.buckets, theirs?.metrics[0]?.buckets);
  assert.is(ours?.type, 'HISTOGRAM');
});

test('writer and parser agree on escaped label values (round trip)', () => {
  const values = ['plain', 'quote " inside', 'back\\slash', 'new\nline', 'ünïcødé'];
  const text = writeExposition([
    {
      name: 'gateway_test_total',
      help: 'test',
      type: 'counter',
      samples: values.map((v, i) => ({ name: 'gateway_test_total', labels: [['v', v]], value: i })),
    },
  ]);
  const [family] = parsePrometheus(text);
  assert.equal(
    family?.metrics.map((m) => m.labels?.v),
    values,
  );
});

async function table(config: unknown): Promise<RouteTable> {
  const resolved = resolveConfig(config, { dir: tmpdir() });
  if (!resolved.ok) throw new Error(JSON.stringify(resolved.issues));
  const compiled = await compileTable(resolved.config);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.issues));
  return compiled.table;
}

const ctx = {
  now: () => 0,
  random: () => 0.5,
  pools: createPools(undefined, { now: () => 0 }),
  fetch,
  trace: 'full' as const,
};
const input = (method: string, url: string, remoteAddress = '127.0.0.1') => ({
  method,
  url,
  headers: { host: 'localhost' },
  remoteAddress,
  scheme: 'http' as const,
});

test('decide: the endpoint answers before routing, to allowed clients only; off by default', async () => {
  const routes = [{ name: 'all', match: { path: '/**' }, respond: { status: 204 } }];
  const on = await table({ server: { metrics: true }, routes });
  const scrape = await decide(input('GET', '/__gateway/metrics'), on, ctx);
  assert.is(scrape.action, 'respond');
  assert.is(scrape.response?.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8');
  assert.is(scrape.trace.at(-1)?.summary, 'metrics endpoint /__gateway/metrics (server.metrics)');
  assert.is((await decide(input('GET', '/__gateway/metrics', '::1'), on, ctx)).action, 'respond');
  const outside = await decide(input('GET', '/__gateway/metrics', '192.0.2.7'), on, ctx);
  assert.is(outside.status, 403);
  assert.match(
    outside.problem?.detail ?? '',
    /answers only loopback \(server\.metrics\.allow\), not 192\.0\.2\.7/,
  );
  // Other methods are not scrapes: they route as usual.
  assert.is((await decide(input('POST', '/__gateway/metrics'), on, ctx)).route?.name, 'all');
  // Off (the default): the path is an ordinary one.
  const off = await table({ routes });
  assert.is((await decide(input('GET', '/__gateway/metrics'), off, ctx)).route?.name, 'all');
  // Another path and allow list.
  const custom = await table({ server: { metrics: { path: '/metrics', allow: ['192.0.2.7'] } }, routes });
  assert.is((await decide(input('GET', '/metrics', '192.0.2.7'), custom, ctx)).action, 'respond');
  assert.is((await decide(input('GET', '/metrics'), custom, ctx)).status, 403);
});

test('live: scraped and parsed — requests, durations, retries, upstream health, breakers, by route and upstream', async () => {
  const echo = await startEcho();
  const dead = await closedPort();
  const gw = await startTestGateway({
    server: { metrics: true },
    upstreams: {
      echo: echo.url,
      flaky: {
        targets: [`http://127.0.0.1:${dead}`, echo.url],
        balancer: 'round-robin',
        retries: { attempts: 1 },
      },
    },
    routes: [
      { name: 'echo', match: { path: '/echo/**' }, upstream: 'echo' },
      { name: 'flaky', match: { path: '/flaky/**' }, upstream: 'flaky' },
    ],
  });
  try {
    for (const path of ['/echo/a', '/echo/b?x=1', '/echo/c/d'])
      assert.is((await send(`${gw.url}${path}`)).status, 200);
    assert.is((await send(`${gw.url}/nowhere`)).status, 404);
    // Round-robin starts on the closed port: the retry goes to the echo.
    assert.is((await send(`${gw.url}/flaky/x`)).status, 200);

    const res = await send(`${gw.url}/__gateway/metrics`);
    assert.is(res.status, 200);
    assert.is(res.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8');
    const families = new Map(parsePrometheus(res.body).map((f) => [f.name, f]));
    const value = (name: string, labels: Record<string, string>) =>
      families.get(name)?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))
        ?.value;

    assert.is(families.get('gateway_requests_total')?.type, 'COUNTER');
    assert.is(
      value('gateway_requests_total', { route: 'echo', upstream: 'echo', method: 'GET', code: '200' }),
      '3',
    );
    assert.is(value('gateway_requests_total', { route: '(no route)', code: '404' }), '1');
    assert.is(value('gateway_requests_total', { route: 'flaky', upstream: 'flaky', code: '200' }), '1');
    assert.is(value('gateway_upstream_retries_total', { route: 'flaky', upstream: 'flaky' }), '1');
    assert.is(value('gateway_rejected_total', { route: '(no route)', problem: 'no-route' }), '1');

    const duration = families.get('gateway_request_duration_seconds');
    assert.is(duration?.type, 'HISTOGRAM');
    // parse-prometheus-text-format folds a histogram's labelled series into one (it keeps only
    // unlabelled _sum/_count): the "echo" series is parsed on its own, its route labels taken off.
    const echoSeries = res.body
      .split('\n')
      .filter(
        (line) =>
          line === '# TYPE gateway_request_duration_seconds histogram' ||
          (line.startsWith('gateway_request_duration_seconds_') &&
            line.includes('{route="echo",upstream="echo"')),
      )
      .map((line) =>
        line.replace('route="echo",upstream="echo",', '').replace('{route="echo",upstream="echo"}', ''),
      )
      .join('\n');
    const [echoDurations] = parsePrometheus(`${echoSeries}\n`)[0]?.metrics ?? [];
    assert.is(echoDurations?.count, '3');
    assert.is(echoDurations?.buckets?.['+Inf'], '3');
    assert.is(Object.keys(echoDurations?.buckets ?? {}).length, 12, 'the 11 default buckets and +Inf');
    assert.ok(Number(echoDurations?.sum) > 0);

    assert.is(families.get('gateway_upstream_target_healthy')?.type, 'GAUGE');
    assert.is(
      value('gateway_upstream_target_healthy', {
        upstream: 'flaky',
        target: `127.0.0.1:${new URL(echo.url).port}`,
      }),
      '1',
    );
    assert.is(value('gateway_upstream_target_in_flight', { upstream: 'echo' }), '0');
    assert.is(value('gateway_upstream_breaker_open', { upstream: 'echo' }), '0');
    assert.is(value('gateway_upstream_breaker_active', { upstream: 'flaky' }), '0');

    // Route and upstream names only: no label carries a request path.
    for (const family of families.values())
      for (const metric of family.metrics)
        for (const label of Object.values(metric.labels ?? {}))
          assert.not.ok(label.startsWith('/'), `${family.name} ${label}`);

    // The scrape itself is counted on the next one, as the gateway's own answer.
    const again = parsePrometheus((await send(`${gw.url}/__gateway/metrics`)).body);
    const scrapes = again
      .find((f) => f.name === 'gateway_requests_total')
      ?.metrics.find((m) => m.labels?.route === '(gateway)');
    assert.is(scrapes?.value, '1');
  } finally {
    await gw.close();
    await echo.close();
  }
});

test.run();
