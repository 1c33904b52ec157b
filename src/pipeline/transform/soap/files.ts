/**
 * The local files a WSDL is read from: the document and, recursively, what it pulls in with
 * `<wsdl:import location>` and `<xsd:import|include|redefine schemaLocation>`. The description
 * cache keys on them. Read with sax, the XML parser the soap package itself uses.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';

interface SaxTag {
  readonly local: string;
  readonly attributes: Record<string, { value: string }>;
}
interface SaxParser {
  onopentag: (tag: SaxTag) => void;
  onerror: (error: Error) => void;
  write(xml: string): { close(): void };
}

/** Every file `wsdl` (an absolute path) reads, itself first; `undefined` when one is remote or unreadable. */
export function wsdlFiles(wsdl: string): string[] | undefined {
  // sax is the soap package's own parser; resolve it from there rather than depend on it twice.
  const sax = createRequire(createRequire(import.meta.url).resolve('soap'))('sax') as {
    parser(strict: boolean, options: { xmlns: boolean }): SaxParser;
  };
  const files: string[] = [];
  const pending = [wsdl];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (files.includes(file)) continue;
    files.push(file);
    let xml: string;
    try {
      xml = readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
    const locations: string[] = [];
    const parser = sax.parser(true, { xmlns: true });
    parser.onopentag = (tag) => {
      const attribute = tag.local === 'import' ? ['location', 'schemaLocation'] : ['schemaLocation'];
      if (!['import', 'include', 'redefine'].includes(tag.local)) return;
      for (const name of attribute) {
        const value = tag.attributes[name]?.value;
        if (value) locations.push(value);
      }
    };
    parser.onerror = (error) => {
      throw error;
    };
    try {
      parser.write(xml).close();
    } catch {
      return undefined;
    }
    for (const location of locations) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(location)) return undefined; // remote: not ours to stamp
      pending.push(resolve(dirname(file), location));
    }
  }
  return files;
}
