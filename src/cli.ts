/**
 * The command line: commander flags wired to the command functions in src/commands/.
 * Commands load lazily, so `gateway lint` never loads what only `gateway dev` needs.
 * Only `main` turns results into `process.exitCode`.
 */
import { createRequire } from 'node:module';
import { Argument, Command, CommanderError, Option } from 'commander';
import type { CommandIO, CommandResult } from './commands/io.js';
import { shouldColor } from './format/color.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** Runs the CLI with `argv` (as `process.argv`) and sets `process.exitCode`. */
export async function main(argv: readonly string[]): Promise<void> {
  try {
    const program = buildProgram((result) => {
      process.exitCode = result.exitCode;
    });
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version "fail" with exit code 0; real usage errors are exit 2 (SPEC).
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    process.stderr.write(
      `gateway: unexpected error — this is a bug, please report it with the output below\n${(error as Error).stack ?? String(error)}\n`,
    );
    process.exitCode = 1;
  }
}

function io(colorFlag: boolean | undefined): CommandIO {
  return {
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    color: shouldColor(process.stdout, process.env, colorFlag),
  };
}

/** Adds the flags every command shares. */
function common(command: Command): Command {
  return command
    .option(
      '-c, --config <path>',
      'config file (default: gateway.config.ts and friends, found from the current folder)',
    )
    .option('--no-color', 'no colour (NO_COLOR is honoured too)');
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function toPort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new CommanderError(2, 'gateway.invalidPort', `--port ${value}: expected a number from 0 to 65535`);
  }
  return port;
}

function toSeed(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n))
    throw new CommanderError(2, 'gateway.invalidSeed', `--seed ${value}: expected a whole number`);
  return n;
}

function toCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new CommanderError(2, 'gateway.invalidCount', `${value}: expected a whole number ≥ 0`);
  return n;
}

function toPercent(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 100) {
    throw new CommanderError(
      2,
      'gateway.invalidPercent',
      `--fail-under ${value}: expected a percentage from 0 to 100`,
    );
  }
  return n;
}

/** Builds the commander program; `done` receives each command's result. */
export function buildProgram(done: (result: CommandResult) => void): Command {
  const program = new Command('gateway')
    .description(
      'An API gateway for your own machine: live proxy, explanations, lint and route tests from one typed config.',
    )
    .version(version, '-v, --version')
    .showHelpAfterError('(run `gateway --help` for usage)')
    .exitOverride();

  common(program.command('dev'))
    .description('run the proxy with live reload (a terminal UI on a TTY, an access log otherwise)')
    .option('-p, --port <n>', 'port to listen on (overrides server.port; default 8080)', toPort)
    .option('--host <host>', 'interface to listen on (overrides server.host; default 127.0.0.1)')
    .option('--no-ui', 'print the access log instead of the terminal UI')
    .addOption(
      new Option('--log <format>', 'access log format').choices(['pretty', 'json']).default('pretty'),
    )
    .option('--demo', 'start the fixture services and serve gateway.config.example.ts')
    .option('--record <file>', 'append a test case per distinct request shape to this YAML or JSON file')
    .option('--record-max <n>', 'stop recording at this many cases (default 1000)', toCount)
    .option('--no-test-gate', 'apply a changed config without running its route tests first')
    .option('--seed <n>', 'seed the random choices (faults, random balancers) so a run replays', toSeed)
    .option('--har <file>', 'write every exchange to <file> as HAR 1.2 (credentials redacted)')
    .option('--otlp <url>', 'export a span per request over OTLP/HTTP (e.g. http://localhost:4318)')
    .action(async (opts) => {
      const { dev } = await import('./commands/dev.js');
      done(
        await dev({
          ...io(opts.color),
          config: opts.config,
          port: opts.port,
          host: opts.host,
          ui: opts.ui,
          log: opts.log,
          demo: opts.demo === true,
          record: opts.record,
          recordMax: opts.recordMax,
          testGate: opts.testGate,
          seed: opts.seed,
          har: opts.har,
          otlp: opts.otlp,
        }),
      );
    });

  common(program.command('explain'))
    .description('show exactly how one request would be handled, and why')
    .argument('<method>', 'HTTP method, e.g. GET')
    .argument('<url>', 'a path with optional query (/v1/products/42?full=1) or an absolute URL')
    .option(
      '-H, --header <header>',
      "a request header, 'Name: value' (repeatable; credentials are really verified)",
      collect,
    )
    .option('-d, --data <body>', 'the request body, or @file')
    .option('--json', 'print the Decision as JSON (every route included)')
    .option('--all', 'list every route, not only those that got past their path condition')
    .action(async (method: string, url: string, opts) => {
      const { explain } = await import('./commands/explain.js');
      done(
        await explain({
          ...io(opts.color),
          method,
          url,
          config: opts.config,
          headers: opts.header,
          data: opts.data,
          json: opts.json,
          all: opts.all === true,
        }),
      );
    });

  common(program.command('lint'))
    .description('check the config without sending anything (for pre-commit hooks and CI)')
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['stylish', 'json', 'sarif', 'github'])
        .default('stylish'),
    )
    .option('--max-warnings <n>', 'fail when there are more warnings than this', toCount)
    .action(async (opts) => {
      const { lint } = await import('./commands/lint.js');
      done(
        await lint({
          ...io(opts.color),
          config: opts.config,
          format: opts.format,
          maxWarnings: opts.maxWarnings,
        }),
      );
    });

  common(program.command('test'))
    .description(
      "check the routing against test cases (the config's `tests` and *.gateway-test.{ts,json,yaml} files)",
    )
    .argument('[files...]', 'test files or folders (default: only the config’s own `tests`)')
    .addOption(
      new Option('-r, --reporter <name>', 'report format')
        .choices(['pretty', 'json', 'tap', 'junit'])
        .default('pretty'),
    )
    .option('--coverage', 'list routes that no case exercises')
    .option(
      '--fail-under <percent>',
      'fail when route coverage is below this percentage (turns on --coverage)',
      toPercent,
    )
    .option('--live', 'also send each case through a real proxy to the real upstreams and check the response')
    .option('--demo', 'with --live: start the demo fixture services first')
    .option(
      '--target <url>',
      'with --live: send the cases to this running server (e.g. an exported nginx) and check what its upstreams saw',
    )
    .action(async (files: string[], opts) => {
      const { runTests } = await import('./commands/test.js');
      done(
        await runTests({
          ...io(opts.color),
          config: opts.config,
          files,
          reporter: opts.reporter,
          coverage: opts.coverage === true || opts.failUnder !== undefined,
          failUnder: opts.failUnder,
          live: opts.live === true,
          demo: opts.demo === true,
          target: opts.target,
        }),
      );
    });

  common(program.command('export'))
    .description('write the config for another engine (findings for what it cannot express)')
    .addArgument(
      new Argument('<engine>', 'target engine').choices(['nginx', 'haproxy', 'caddy', 'gateway-api']),
    )
    .option('-o, --out <dir>', 'write the files into this folder (default: the one file to stdout)')
    .option('--allow-partial', 'exit 0 even when something was left out (the findings are still printed)')
    .addOption(
      new Option('-f, --format <format>', 'how findings are printed (to stderr), as lint prints them')
        .choices(['stylish', 'json', 'sarif', 'github'])
        .default('stylish'),
    )
    .action(async (engine: string, opts) => {
      const { exportConfig } = await import('./commands/export.js');
      done(
        await exportConfig({
          ...io(opts.color),
          engine,
          config: opts.config,
          out: opts.out,
          allowPartial: opts.allowPartial === true,
          format: opts.format,
        }),
      );
    });

  common(program.command('diff'))
    .description(
      'which known requests (tests, test files, recordings, a sample per route) a config change decides differently',
    )
    .argument('[files...]', 'test files or folders (default: *.gateway-test.* under the config’s folder)')
    .option('--base <ref>', 'compare with the config file as it was at this git ref (default HEAD)')
    .option('--base-config <file>', 'compare with another config file')
    .option('--json', 'print the changes as JSON')
    .option('--fail-on-change', 'exit 1 when any request decides differently (for CI)')
    .action(async (files: string[], opts) => {
      const { diff } = await import('./commands/diff.js');
      done(
        await diff({
          ...io(opts.color),
          config: opts.config,
          files,
          base: opts.base,
          baseConfig: opts.baseConfig,
          json: opts.json === true,
          failOnChange: opts.failOnChange === true,
        }),
      );
    });

  program
    .command('hash-password')
    .description('print a password hash for a `basic` auth user (reads the password from stdin)')
    .addOption(
      new Option('--algorithm <name>', 'hash algorithm').choices(['scrypt', 'bcrypt']).default('scrypt'),
    )
    .action(async (opts) => {
      const { hashPasswordCommand } = await import('./commands/hash-password.js');
      done(await hashPasswordCommand({ ...io(undefined), stdin: process.stdin, algorithm: opts.algorithm }));
    });

  program
    .command('init')
    .description('write a commented starter gateway.config.ts in the current folder')
    .action(async () => {
      const { init } = await import('./commands/init.js');
      done(await init(io(undefined)));
    });

  return program;
}
