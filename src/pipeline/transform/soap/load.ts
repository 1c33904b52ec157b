/**
 * Reading a WSDL with the `soap` package (a file is parsed without network; a URL is fetched once
 * per table build) and finding the port to call: the first port whose binding speaks the
 * configured SOAP version. The package does not record a binding's version, so it is read from
 * the WSDL's own XML with sax, the parser the package itself uses (no DTD entities are expanded).
 */
import { createRequire } from 'node:module';
import type { Client } from 'soap';

export interface LoadedWsdl {
  /** The package's `WSDL` object. */
  readonly wsdl: unknown;
  /** The client `describe()` output: service → port → operation → { input, output }. */
  readonly description: Record<string, Record<string, Record<string, { input?: unknown }>>>;
  readonly ports: readonly WsdlPort[];
}

export interface WsdlPort {
  readonly service: string;
  readonly port: string;
  readonly location: string;
  /** `undefined` when the binding is not in the main WSDL document. */
  readonly version: '1.1' | '1.2' | undefined;
  readonly operations: readonly string[];
}

export type LoadWsdlResult =
  | { readonly ok: true; readonly loaded: LoadedWsdl }
  | { readonly ok: false; readonly message: string };

const WSDL_NS = 'http://schemas.xmlsoap.org/wsdl/';
const SOAP11_NS = 'http://schemas.xmlsoap.org/wsdl/soap/';
const SOAP12_NS = 'http://schemas.xmlsoap.org/wsdl/soap12/';

/** Loads a WSDL file (absolute path) or URL. */
export async function loadWsdl(location: string): Promise<LoadWsdlResult> {
  const soap = await import('soap');
  let client: Client;
  try {
    // disableCache: the package caches WSDLs by location forever, which would defeat live reload.
    client = await soap.createClientAsync(location, { disableCache: true });
  } catch (error) {
    return { ok: false, message: `cannot read the WSDL ${location}: ${(error as Error).message}` };
  }
  const wsdl = client.wsdl as unknown as {
    xml?: string;
    definitions: {
      bindings: Record<string, unknown>;
      services: Record<
        string,
        { ports: Record<string, { location: string; binding: { methods: Record<string, unknown> } }> }
      >;
    };
  };
  const versions = bindingVersions(wsdl.xml ?? '');
  const ports: WsdlPort[] = [];
  for (const [service, element] of Object.entries(wsdl.definitions.services)) {
    for (const [port, { location: address, binding }] of Object.entries(element.ports)) {
      const bindingName = Object.entries(wsdl.definitions.bindings).find(([, b]) => b === binding)?.[0];
      ports.push({
        service,
        port,
        location: address,
        version: bindingName ? versions.get(bindingName) : undefined,
        operations: Object.keys(binding.methods),
      });
    }
  }
  return { ok: true, loaded: { wsdl, description: client.describe(), ports } };
}

interface SaxTag {
  readonly local: string;
  readonly uri: string;
  readonly attributes: Record<string, { value: string }>;
}
interface SaxParser {
  onopentag: (tag: SaxTag) => void;
  onclosetag: () => void;
  onerror: (error: Error) => void;
  write(xml: string): { close(): void };
}

/** binding name → SOAP version, from `<wsdl:binding><soap12:binding/>`. */
function bindingVersions(xml: string): Map<string, '1.1' | '1.2'> {
  const versions = new Map<string, '1.1' | '1.2'>();
  if (xml === '') return versions;
  // sax is the soap package's own parser; resolve it from there rather than depend on it twice.
  const sax = createRequire(createRequire(import.meta.url).resolve('soap'))('sax') as {
    parser(strict: boolean, options: { xmlns: boolean }): SaxParser;
  };
  const parser = sax.parser(true, { xmlns: true });
  const stack: (string | undefined)[] = [];
  parser.onopentag = (tag) => {
    const parent = stack.at(-1);
    if (tag.uri === WSDL_NS && tag.local === 'binding') stack.push(tag.attributes.name?.value);
    else {
      if (parent && tag.local === 'binding' && tag.uri === SOAP12_NS) versions.set(parent, '1.2');
      if (parent && tag.local === 'binding' && tag.uri === SOAP11_NS) versions.set(parent, '1.1');
      stack.push(undefined);
    }
  };
  parser.onclosetag = () => void stack.pop();
  parser.onerror = () => {
    // The soap package parsed this document already; a failure here only means "version unknown".
  };
  try {
    parser.write(xml).close();
  } catch {
    return versions;
  }
  return versions;
}
