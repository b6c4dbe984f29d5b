import type { z } from 'zod';
import type { ConfigIssue } from './snapshot.js';
import { joinConfigIndex, joinConfigKey } from './key-path.js';
import { resolveDidYouMean } from './did-you-mean.js';
import { isRecord } from '../utils/common.js';
import { resolveSchemaNode } from './schema-walk.js';

function walk(value: unknown, schema: z.ZodType, path: string, out: ConfigIssue[]): void {
  const node = resolveSchemaNode(schema);
  if (node.kind === 'object' && isRecord(value)) {
    const known = Object.keys(node.shape);
    for (const [key, child] of Object.entries(value)) {
      const childPath = joinConfigKey(path, key);
      const childSchema = node.shape[key];
      if (childSchema) {
        walk(child, childSchema, childPath, out);
        continue;
      }
      const suggestion = resolveDidYouMean(key, known);
      const hint = suggestion ? ` (did you mean "${joinConfigKey(path, suggestion)}"?)` : '';
      out.push({ path: childPath, message: `Unknown config key "${childPath}"${hint}` });
    }
  } else if (node.kind === 'record' && isRecord(value)) {
    // Record keys (provider names, account ids, header names) are the user's own; only their values have a schema.
    for (const [key, child] of Object.entries(value)) walk(child, node.value, joinConfigKey(path, key), out);
  } else if (node.kind === 'array' && Array.isArray(value)) {
    value.forEach((item, index) => walk(item, node.element, joinConfigIndex(path, index), out));
  }
}

/** Lists every key the schema does not know (free-form record keys excepted) as warnings, with a did-you-mean where a sibling key is close. */
export function findUnknownConfigKeys(value: unknown, schema: z.ZodType): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  walk(value, schema, '', out);
  return out;
}
