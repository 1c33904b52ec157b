/** Finds a key path in a YAML or JSON source (JSON is read as YAML flow style) using `yaml`'s ranges. */
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';

/** Offset of the key (or sequence item) at `path`, or `undefined`. */
export function locateInYaml(source: string, path: readonly (string | number)[]): number | undefined {
  const document = parseDocument(source, { keepSourceTokens: false, uniqueKeys: false });
  let node: unknown = document.contents;
  let found: number | undefined;
  for (const segment of path) {
    if (isMap(node)) {
      // The last pair with the key wins, as in the parsed data.
      const pair = node.items.findLast(
        (item) => isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (pair === undefined || !isScalar(pair.key)) return undefined;
      found = pair.key.range?.[0];
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined || item === null) return undefined;
      found = (item as { range?: [number, number, number] }).range?.[0];
      node = item;
    } else {
      return undefined;
    }
  }
  return found;
}
