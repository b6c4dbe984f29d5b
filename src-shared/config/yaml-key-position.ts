import { isMap, isNode, isSeq, type Document } from 'yaml';

/**
 * Where a key path is written in a parsed YAML document: the offset of the deepest key (or list
 * item) along `segments` that exists, so a missing key is placed at its section; the document's
 * start when not even the first key exists.
 */
export function findKeyOffset(doc: Document, segments: readonly (string | number)[]): number | undefined {
  let node: unknown = doc.contents;
  let offset = isNode(node) ? node.range?.[0] : undefined;
  for (const segment of segments) {
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((item) => isNode(item.key) && 'value' in item.key && String(item.key.value) === String(segment));
      if (!pair) break;
      offset = isNode(pair.key) ? pair.key.range?.[0] : offset;
      next = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      next = node.items[segment];
      if (!isNode(next)) break;
      offset = next.range?.[0];
    } else {
      break;
    }
    node = next;
  }
  return offset;
}
