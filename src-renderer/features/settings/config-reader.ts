import { OpenClawConfigSchema } from '../../../src-shared/config/schema.js';
import type { ConfigSnapshotResponse } from '../../../src-shared/protocol/http.js';
import { isRecord } from '../../../src-shared/utils/common.js';

/** Reads what the settings forms show from a snapshot, by dotted key path. */
export interface ConfigReader {
  /** The value in effect: the validated config (defaults filled in), else the file's, else the default. */
  get(path: string): unknown;
  /** True when the file holds the key (a secret then reads as set). */
  isSet(path: string): boolean;
  /** True when the file's value is a `${VAR}` reference. */
  isEnvRef(path: string): boolean;
  /** The file's text at a `${VAR}` reference, e.g. "${OPENCLAW_HOST}" (secrets read as redacted). */
  fileValue(path: string): unknown;
  /** The keys of a mapping in the file (provider ids, bot accounts), in file order. */
  keys(path: string): string[];
}

function valueAt(root: unknown, path: string): unknown {
  let node = root;
  for (const segment of path.split('.')) {
    if (!isRecord(node) || !Object.hasOwn(node, segment)) return undefined;
    node = node[segment];
  }
  return node;
}

/** Creates a reader over one snapshot; defaults come from OpenClawConfigSchema, so an invalid file still shows them. */
export function createConfigReader(snapshot: Pick<ConfigSnapshotResponse, 'config' | 'parsed' | 'env_refs'>): ConfigReader {
  const defaults = OpenClawConfigSchema.parse({});
  const envRefs = new Set(snapshot.env_refs);
  return {
    get(path) {
      const effective = snapshot.config ? valueAt(snapshot.config, path) : undefined;
      return effective ?? valueAt(snapshot.parsed, path) ?? valueAt(defaults, path);
    },
    isSet(path) {
      const value = valueAt(snapshot.parsed, path);
      return value !== undefined && value !== null && value !== '';
    },
    isEnvRef: (path) => envRefs.has(path),
    fileValue: (path) => valueAt(snapshot.parsed, path),
    keys(path) {
      const value = valueAt(snapshot.parsed, path);
      return isRecord(value) ? Object.keys(value) : [];
    },
  };
}
