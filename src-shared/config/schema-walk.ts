import { z } from 'zod';

/** The structural kind of a config schema node, with wrappers (optional, default, prefault, nullable) removed. */
export type SchemaNode =
  | { kind: 'object'; shape: Record<string, z.ZodType> }
  | { kind: 'record'; value: z.ZodType }
  | { kind: 'array'; element: z.ZodType }
  | { kind: 'enum'; options: readonly string[] }
  | { kind: 'number' }
  | { kind: 'boolean' }
  | { kind: 'other' };

const MAX_WRAPPER_DEPTH = 16;

/** Unwraps optional/default/prefault/nullable layers and says what shape of value the schema expects. */
export function resolveSchemaNode(schema: z.ZodType): SchemaNode {
  let current: z.ZodType = schema;
  for (let depth = 0; depth < MAX_WRAPPER_DEPTH; depth++) {
    if (
      current instanceof z.ZodOptional ||
      current instanceof z.ZodDefault ||
      current instanceof z.ZodPrefault ||
      current instanceof z.ZodNullable
    ) {
      current = current.unwrap() as z.ZodType;
      continue;
    }
    break;
  }
  if (current instanceof z.ZodObject) return { kind: 'object', shape: current.shape as Record<string, z.ZodType> };
  if (current instanceof z.ZodRecord) return { kind: 'record', value: current.valueType as z.ZodType };
  if (current instanceof z.ZodArray) return { kind: 'array', element: current.element as z.ZodType };
  if (current instanceof z.ZodEnum) return { kind: 'enum', options: current.options.map(String) };
  if (current instanceof z.ZodNumber) return { kind: 'number' };
  if (current instanceof z.ZodBoolean) return { kind: 'boolean' };
  return { kind: 'other' };
}
