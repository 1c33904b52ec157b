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
  const key = { stamp, location };
  const cached = local ? cache?.get<SoapDescription>('soap', key) : undefined;
  if (cached) return { ok: true, description: cached };

  const loaded = await loadWsdl(location);
  if (!loaded.ok) return loaded;
  const description: SoapDescription = { ports: loaded.loaded.ports };
  if (local && cache) {
    const { wsdlFiles } = await import('./files.js');
    const files = wsdlFiles(location);
    if (files) cache.set('soap', key, description, { files });
  }
  return { ok: true, description, loaded: loaded.loaded };
}
