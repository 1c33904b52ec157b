/**
 * What checking a config's SOAP routes needs from an upstream's WSDL — its ports, their SOAP
 * versions and operations — as plain data the description cache (src/config/cache.ts) keeps
 * between runs. A hit loads neither the soap package nor its HTTP stack; a miss reads the WSDL
 * with the soap package for real and hands the result on. WSDLs given as URLs are never cached.
 */
import type { DescriptionCache } from '../../../config/cache.js';
import { codeStamp } from '../../../config/cache.js';
import { type LoadedWsdl, loadWsdl, type WsdlPort } from './load.js';

export interface SoapDescription {
  readonly ports: readonly WsdlPort[];
  /**
   * Each operation's input as the package's `describe()` gives it (service → port → operation →
   * { input }): what planning needs. Absent when it is not plain data (a recursive schema).
   */
  readonly inputs?: LoadedWsdl['description'];
}

export type DescribeSoapResult =
  | { readonly ok: true; readonly description: SoapDescription; readonly loaded?: LoadedWsdl }
  | { readonly ok: false; readonly message: string };

let stamp: string | undefined;

/** Describes the WSDL at `location` (an absolute path or a URL). */
export async function describeSoap(
  location: string,
  cache: DescriptionCache | undefined,
): Promise<DescribeSoapResult> {
  const local = !/^https?:\/\//i.test(location);
  stamp ??= codeStamp(import.meta.url, ['soap']);
  const cached = local ? cache?.get<SoapDescription>('soap', { location }, stamp) : undefined;
  if (cached) return { ok: true, description: cached };

  const loaded = await loadWsdl(location);
  if (!loaded.ok) return loaded;
  const description: SoapDescription = { ports: loaded.loaded.ports, inputs: inputsOf(loaded.loaded) };
  if (local && cache) {
    const { wsdlFiles } = await import('./files.js');
    const files = wsdlFiles(location);
    if (files) cache.set('soap', { location }, stamp, description, { files });
  }
  return { ok: true, description, loaded: loaded.loaded };
}

/** The inputs of every operation as plain data, or `undefined` when they do not survive JSON. */
function inputsOf(loaded: LoadedWsdl): LoadedWsdl['description'] | undefined {
  const inputs: Record<string, Record<string, Record<string, { input?: unknown }>>> = {};
  for (const [service, ports] of Object.entries(loaded.description)) {
    inputs[service] = {};
    for (const [port, operations] of Object.entries(ports)) {
      inputs[service][port] = {};
      for (const [operation, { input }] of Object.entries(operations))
        inputs[service][port][operation] = { input };
    }
  }
  try {
    return JSON.parse(JSON.stringify(inputs)) as LoadedWsdl['description'];
  } catch {
    return undefined; // cyclic: the soap package is loaded when a plan needs it
  }
}
