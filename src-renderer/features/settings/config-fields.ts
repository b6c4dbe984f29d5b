import { z } from 'zod';
import { OpenClawConfigSchema } from '../../../src-shared/config/schema.js';

/** What a form needs to know about one config key, read from the zod schema (the one source of labels and help). */
export interface ConfigFieldInfo {
  /** The key in words: `dm_policy` → "DM policy". */
  label: string;
  /** The schema's `.describe()` text, if any. */
  help: string | undefined;
  /** The allowed values of an enum field. */
  options: readonly string[] | undefined;
}

// Words a plain capitalisation would get wrong.
const WORDS: Readonly<Record<string, string>> = { dm: 'DM', api: 'API', url: 'URL', id: 'ID', ids: 'IDs' };
const MAX_WRAPPERS = 16;

function unwrap(schema: z.ZodType): { inner: z.ZodType; description: string | undefined } {
  let current = schema;
  let description = current.description;
  for (let depth = 0; depth < MAX_WRAPPERS; depth++) {
    if (
      !(current instanceof z.ZodOptional || current instanceof z.ZodDefault || current instanceof z.ZodPrefault || current instanceof z.ZodNullable)
    ) {
      break;
    }
    current = current.unwrap() as z.ZodType;
    description ??= current.description;
  }
  return { inner: current, description };
}

function child(schema: z.ZodType, segment: string): z.ZodType | undefined {
  if (schema instanceof z.ZodObject) return (schema.shape as Record<string, z.ZodType>)[segment];
  // A record's keys are names the person chose (a provider id, a bot account).
  if (schema instanceof z.ZodRecord) return schema.valueType as z.ZodType;
  if (schema instanceof z.ZodArray && /^\d+$/.test(segment)) return schema.element as z.ZodType;
  return undefined;
}

/** Turns a snake_case key into words for a label: `allowed_origins` → "Allowed origins". */
export function resolveKeyLabel(key: string): string {
  const words = key.split('_').map((word) => WORDS[word] ?? word);
  const first = words[0] ?? '';
  return [first.charAt(0).toUpperCase() + first.slice(1), ...words.slice(1)].join(' ');
}

/** Looks a dotted config path up in OpenClawConfigSchema (record keys match any name); undefined for a path the schema does not know. */
export function resolveConfigField(path: string): ConfigFieldInfo | undefined {
  const segments = path.split('.');
  let schema: z.ZodType = OpenClawConfigSchema;
  for (const segment of segments) {
    const next = child(unwrap(schema).inner, segment);
    if (!next) return undefined;
    schema = next;
  }
  const { inner, description } = unwrap(schema);
  const options = inner instanceof z.ZodEnum ? inner.options.map(String) : undefined;
  return { label: resolveKeyLabel(segments.at(-1) ?? path), help: description, options };
}
