import type { ConfigWriteBody } from '../../../src-shared/protocol/settings.js';
import type { ConfigReader } from './config-reader.js';

/**
 * The fields a person changed in a form, by dotted key path; `undefined` means "remove the key".
 * Only changed keys are written, so everything else in the file (a `${VAR}` reference, a comment)
 * stays as it is.
 */
export type ConfigChanges = Readonly<Record<string, unknown>>;

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Records a field's new value; a value equal to the one in effect (the file's or the default) drops the change. */
export function resolveChange(changes: ConfigChanges, reader: ConfigReader, path: string, next: unknown): ConfigChanges {
  const { [path]: _previous, ...rest } = changes;
  const unchanged = next === undefined ? !reader.isSet(path) : sameValue(next, reader.get(path));
  return unchanged ? rest : { ...rest, [path]: next };
}

/** The value a form field shows: the person's change, else what the reader has. */
export function resolveDraftValue(changes: ConfigChanges, reader: ConfigReader, path: string): unknown {
  return Object.hasOwn(changes, path) ? changes[path] : reader.get(path);
}

/** Turns changes into a `config.update` body: set for values, unset for removed keys; null when nothing changed. */
export function resolveChangesBody(changes: ConfigChanges): Extract<ConfigWriteBody, { set?: unknown }> | null {
  const set: Record<string, unknown> = {};
  const unset: string[] = [];
  for (const [path, value] of Object.entries(changes)) {
    if (value === undefined) unset.push(path);
    else set[path] = value;
  }
  if (Object.keys(set).length === 0 && unset.length === 0) return null;
  return { ...(Object.keys(set).length > 0 ? { set } : {}), ...(unset.length > 0 ? { unset } : {}) };
}
