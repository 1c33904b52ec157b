/**
 * Compiling the routes of SOAP upstreams: each upstream's WSDL is described once (from the
 * description cache when unchanged), the port for its SOAP version chosen, and each route's
 * `soap.operation` checked against that port. The transforms need the soap package's WSDL model:
 * read now (`eager`), on a route's first `plan` (`lazy`), or never (`check`).
 */
import { isAbsolute, resolve } from 'node:path';
import type { ResolvedConfig, ResolvedRoute, ResolvedUpstream } from '../../../config/resolved.js';
import { didYouMean } from '../../../config/suggest.js';
import type { SoapTransform } from '../compiled.js';
import type { CompiledGroup, GroupOptions } from '../grpc/compile.js';
import type { InputDescription } from './args.js';
import { describeSoap } from './describe.js';
import { type LoadedWsdl, loadWsdl, type WsdlPort } from './load.js';

/** Compiles every route of one SOAP upstream. */
export async function compileSoapUpstream(
  config: ResolvedConfig,
  upstream: ResolvedUpstream,
  routes: readonly ResolvedRoute[],
  options: GroupOptions = { mode: 'eager' },
): Promise<CompiledGroup<SoapTransform>> {
  const out: CompiledGroup<SoapTransform> = { transforms: new Map(), files: [], issues: [] };
  const at = `upstreams.${upstream.name}.soap`;
  if (!upstream.soap) {
    out.issues.push({
      path: at,
      message: `SOAP upstream "${upstream.name}" needs soap.wsdl (a WSDL file or URL)`,
    });
    return out;
  }
  const isUrl = /^https?:\/\//i.test(upstream.soap.wsdl);
  const location =
    isUrl || isAbsolute(upstream.soap.wsdl) ? upstream.soap.wsdl : resolve(config.dir, upstream.soap.wsdl);
  if (!isUrl) out.files.push(location);
  const described = await describeSoap(location, options.cache);
  if (!described.ok) {
    out.issues.push({ path: `${at}.wsdl`, message: described.message, file: config.file });
    return out;
  }
  const version = upstream.soap.version;
  const port = choosePort(described.description.ports, version);
  if (!port) {
    const found =
      [...new Set(described.description.ports.map((p) => p.version).filter(Boolean))].join(', ') || 'none';
    out.issues.push({
      path: `${at}.version`,
      message: `the WSDL has no SOAP ${version} port (versions it has: ${found})`,
      file: config.file,
    });
    return out;
  }

  /** Route name → its operation. */
  const operations = new Map<string, string>();
  for (const route of routes) {
    const path = `routes[${route.index}].soap.operation`;
    const operation = route.soap?.operation;
    if (!operation) {
      const example = port.operations[0] ?? 'Operation';
      out.issues.push({
        path,
        message: `a route to SOAP upstream "${upstream.name}" must name its operation, e.g. soap: { operation: "${example}" }`,
      });
      continue;
    }
    if (!port.operations.includes(operation)) {
      const hint = didYouMean(operation, port.operations) || ` (operations: ${port.operations.join(', ')})`;
      out.issues.push({ path, message: `"${operation}" is not an operation of ${port.service}${hint}` });
      continue;
    }
    operations.set(route.name, operation);
  }
  if (options.mode === 'check' || operations.size === 0) return out;

  const spec = { upstream: upstream.name, port, version, bodyLimit: config.server.limits.bodySize };
  const load = async (): Promise<LoadedWsdl | string> => {
    if (described.loaded) return described.loaded;
    const loaded = await loadWsdl(location);
    return loaded.ok ? loaded.loaded : loaded.message;
  };
  // Building transforms (not checking) needs the plan side: loaded only then.
  const { addressPath, createSoapTransform } = await import('./transform.js');
  const build = (loaded: Pick<LoadedWsdl, 'wsdl' | 'description'>, operation: string) =>
    buildTransform(createSoapTransform, loaded, operation, spec);
  const { inputs } = described.description;
  if (options.mode === 'lazy' && inputs) {
    // The description has every operation's input: planning needs no soap package. Only the proxy,
    // which never gets a lazy table, calls through the package's WSDL model (`wsdl`).
    for (const [name, operation] of operations)
      out.transforms.set(name, build({ wsdl: described.loaded?.wsdl, description: inputs }, operation));
    return out;
  }
  if (options.mode === 'lazy') {
    const { lazySoapTransform, once } = await import('../lazy.js');
    const wsdl = once(load);
    for (const [name, operation] of operations) {
      const fields = {
        upstream: upstream.name,
        operation,
        version,
        service: port.service,
        port: port.port,
        addressPath: addressPath(port.location),
      };
      out.transforms.set(
        name,
        lazySoapTransform(fields, async () => {
          const loaded = await wsdl();
          return typeof loaded === 'string' ? loaded : build(loaded, operation);
        }),
      );
    }
    return out;
  }
  const loaded = await load();
  if (typeof loaded === 'string') {
    out.issues.push({ path: `${at}.wsdl`, message: loaded, file: config.file });
    return out;
  }
  for (const [name, operation] of operations) out.transforms.set(name, build(loaded, operation));
  return out;
}

function buildTransform(
  create: typeof import('./transform.js').createSoapTransform,
  loaded: Pick<LoadedWsdl, 'wsdl' | 'description'>,
  operation: string,
  spec: { upstream: string; port: WsdlPort; version: '1.1' | '1.2'; bodyLimit: number },
): SoapTransform {
  const description = loaded.description[spec.port.service]?.[spec.port.port]?.[operation]?.input;
  return create({
    ...spec,
    wsdl: loaded.wsdl,
    operation,
    input:
      typeof description === 'object' && description !== null ? (description as InputDescription) : undefined,
  });
}

/** The first port of the wanted version; when the WSDL does not say (imported bindings), the first port. */
function choosePort(ports: readonly WsdlPort[], version: '1.1' | '1.2'): WsdlPort | undefined {
  const exact = ports.find((p) => p.version === version);
  if (exact) return exact;
  return ports.every((p) => p.version === undefined) ? ports[0] : undefined;
}
