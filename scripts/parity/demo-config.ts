/**
 * The demo config moved onto running fixtures: gateway.config.example.ts with every demo port
 * replaced by the port a fixture really got (port 0), `server.port` set to the engine's port,
 * and relative paths made absolute — written to a temp folder, so parity never needs the demo ports.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_PORTS, type RunningFixtures } from '../../fixtures/index.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Writes the moved demo config into `dir` and returns its path. */
export async function writeDemoConfig(
  dir: string,
  fixtures: RunningFixtures,
  serverPort: number,
  source = join(ROOT, 'gateway.config.example.ts'),
): Promise<string> {
  const { services } = fixtures;
  const moves = new Map<number, number>([
    ...DEMO_PORTS.users.map((p, i) => [p, services.users[i]!.port] as [number, number]),
    ...DEMO_PORTS.orders.map((p, i) => [p, services.orders[i]!.port] as [number, number]),
    [DEMO_PORTS.ordersV2, services.ordersV2.port],
    [DEMO_PORTS.echo, services.echo.port],
    [DEMO_PORTS.products, services.products.port],
    [DEMO_PORTS.inventory, services.inventory.port],
    [DEMO_PORTS.auth, services.auth.port],
  ]);
  let text = await readFile(source, 'utf8');
  text = text.replace(/127\.0\.0\.1:(\d{4})\b/g, (whole, port: string) => {
    const moved = moves.get(Number(port));
    return moved === undefined ? whole : `127.0.0.1:${moved}`;
  });
  // The example names demo services as `${demo(4101)}` (GATEWAY_DEMO_PORT_4101 or the fixed port).
  text = text.replace(/\$\{demo\((\d+)\)\}/g, (whole, port: string) => {
    const moved = moves.get(Number(port));
    return moved === undefined ? whole : `127.0.0.1:${moved}`;
  });
  text = text.replace(/\bport: 8080\b/, `port: ${serverPort}`);
  text = text.replace(/(['"])fixtures\//g, `$1${ROOT}fixtures/`);
  // No `gateway` package to import from a temp folder: the config is the plain object.
  text = text.replace(/^import \{ defineConfig \} from 'gateway';\n/m, '').replace(/defineConfig\(\{/, '({');
  const file = join(dir, 'gateway.config.ts');
  await writeFile(file, text);
  return file;
}
