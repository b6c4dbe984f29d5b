import type { z } from 'zod';
import { isRecord, setOwnProperty } from '../utils/common.js';
import { resolveSchemaNode } from './schema-walk.js';

const NUMERIC = /^\s*-?\d+(\.\d+)?\s*$/;
const BOOLEANS: ReadonlyMap<string, boolean> = new Map([
  ['true', true],
  ['false', false],
  ['yes', true],
  ['no', false],
  ['on', true],
  ['off', false],
]);

function normalizeEntries(value: Record<string, unknown>, schemaFor: (key: string) => z.ZodType | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    // `gateway:` with every line below it commented out parses as null; the user means "unset".
    if (child === null || child === undefined) continue;
    const childSchema = schemaFor(key);
    // setOwnProperty, not assignment: a `__proto__` key in the file must stay a plain key.
    setOwnProperty(out, key, childSchema ? normalizeConfigInput(child, childSchema) : child);
  }
  return out;
}

/**
 * Returns a copy of a parsed config shaped for validation: null keys dropped (an empty YAML
 * section means unset), and where the schema expects them, numeric strings become numbers,
 * true/false/yes/no/on/off become booleans and enum values match case-insensitively, because a
 * `${VAR}` always substitutes a string. Anything else is left for validation to report.
 */
export function normalizeConfigInput(value: unknown, schema: z.ZodType): unknown {
  const node = resolveSchemaNode(schema);
  switch (node.kind) {
    case 'object':
      return isRecord(value) ? normalizeEntries(value, (key) => node.shape[key]) : value;
    case 'record':
      return isRecord(value) ? normalizeEntries(value, () => node.value) : value;
    case 'array':
      return Array.isArray(value) ? value.map((item) => normalizeConfigInput(item, node.element)) : value;
    case 'number':
      return typeof value === 'string' && NUMERIC.test(value) ? Number(value) : value;
    case 'boolean': {
      if (typeof value !== 'string') return value;
      return BOOLEANS.get(value.trim().toLowerCase()) ?? value;
    }
    case 'enum': {
      if (typeof value !== 'string') return value;
      const wanted = value.trim().toLowerCase();
      return node.options.find((option) => option.toLowerCase() === wanted) ?? value;
    }
    case 'other':
      return value;
  }
}
