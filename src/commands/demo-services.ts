/**
 * The fixture services behind `gateway dev --demo` and `gateway test --live --demo`. They listen
 * on the fixed demo ports that gateway.config.example.ts names, or, with GATEWAY_DEMO_PORTS=free,
 * on free ports: then the example config reads each real port from GATEWAY_DEMO_PORT_<fixed port>,
 * set here (in this process, where the config is evaluated) before the config loads. Tests use
 * that, so they never collide with a demo someone is running, nor with each other.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository's demo config, found from this file (not the current folder). */
export const DEMO_CONFIG = fileURLToPath(new URL('../../gateway.config.example.ts', import.meta.url));
const FIXTURES = new URL('../../fixtures/index.ts', import.meta.url);

/** The running demo services. */
export interface DemoServices {
  /** Each instance and its URL, in start order (for the "demo services:" line). */
  readonly all: readonly { readonly instance: string; readonly url: string }[];
  /** Stops them and takes back the GATEWAY_DEMO_PORT_* variables. */
  close(): Promise<void>;
}

interface FixturesModule {
  startAllFixtures(options: { ports: 'demo' | 'random' }): Promise<{
    services: unknown;
    all: readonly { instance: string; url: string }[];
    close(): Promise<void>;
  }>;
  demoPortVariables(services: unknown): Record<string, string>;
}

/** Starts every fixture service; throws (having stopped what did start) when one cannot listen. */
export async function startDemoServices(env: NodeJS.ProcessEnv): Promise<DemoServices> {
  const module = await importFixtures();
  const free = env.GATEWAY_DEMO_PORTS === 'free';
  const fixtures = await module.startAllFixtures({ ports: free ? 'random' : 'demo' });
  const variables = free ? module.demoPortVariables(fixtures.services) : {};
  const before = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  Object.assign(process.env, variables);
  return {
    all: fixtures.all,
    async close() {
      await fixtures.close();
      for (const [name, value] of Object.entries(before)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    },
  };
}

/** The fixtures are TypeScript; tsx imports them both from source and from the built package. */
async function importFixtures(): Promise<FixturesModule> {
  const { tsImport } = await import('tsx/esm/api');
  return (await tsImport(FIXTURES.href, {
    parentURL: pathToFileURL(fileURLToPath(import.meta.url)).href,
  })) as FixturesModule;
}
