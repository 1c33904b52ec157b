/**
 * Compiling the routes of SOAP upstreams: each upstream's WSDL is read once, the port for its SOAP
 * version chosen, and each route's `soap.operation` checked against that port.
 */
import { isAbsolute, resolve } from 'node:path';
import type { ResolvedConfig, ResolvedRoute, ResolvedUpstream } from '../../../config/resolved.js';
import { didYouMean } from '../../../config/suggest.js';
import type { SoapTransform } from '../compiled.js';
import type { CompiledGroup } from '../grpc/compile.js';
import type { InputDescription } from './args.js';
import { loadWsdl, type WsdlPort } from './load.js';
import { createSoapTransform } from './transform.js';

/** Compiles every route of one SOAP upstream. */
export async function compileSoapUpstream(
  config: ResolvedConfig,
  upstream: ResolvedUpstream,
  routes: readonly ResolvedRoute[],
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
  const loaded = await loadWsdl(location);
  if (!loaded.ok) {
    out.issues.push({ path: `${at}.wsdl`, message: loaded.message, file: config.file });
    return out;
  }
  const version = upstream.soap.version;
  const port = choosePort(loaded.loaded.ports, version);
  if (!port) {
    const found =
      [...new Set(loaded.loaded.ports.map((p) => p.version).filter(Boolean))].join(', ') || 'none';
    out.issues.push({
      path: `${at}.version`,
      message: `the WSDL has no SOAP ${version} port (versions it has: ${found})`,
      file: config.file,
    });
    return out;
  }

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
    const description = loaded.loaded.description[port.service]?.[port.port]?.[operation]?.input;
    out.transforms.set(
      route.name,
      createSoapTransform({
        upstream: upstream.name,
        wsdl: loaded.loaded.wsdl,
        port,
        operation,
        version,
        input:
          typeof description === 'object' && description !== null
            ? (description as InputDescription)
            : undefined,
        bodyLimit: config.server.limits.bodySize,
      }),
    );
  }
  return out;
}

/** The first port of the wanted version; when the WSDL does not say (imported bindings), the first port. */
function choosePort(ports: readonly WsdlPort[], version: '1.1' | '1.2'): WsdlPort | undefined {
  const exact = ports.find((p) => p.version === version);
  if (exact) return exact;
  return ports.every((p) => p.version === undefined) ? ports[0] : undefined;
}
