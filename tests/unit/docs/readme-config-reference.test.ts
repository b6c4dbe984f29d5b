import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfigJsonSchema } from '../../../src-shared/config/schema.js';

type JsonSchema = {
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
};

// A schema is a section (documented key by key) when an object with named keys sits anywhere in it.
function hasNamedKeys(schema: JsonSchema): boolean {
  return Boolean(
    schema.properties ||
      schema.anyOf?.some(hasNamedKeys) ||
      (schema.items && hasNamedKeys(schema.items)) ||
      (typeof schema.additionalProperties === 'object' && hasNamedKeys(schema.additionalProperties)),
  );
}

// Every leaf key of the config schema, as the README writes it (`a.b`, `x.<name>.y`, `m[].id`).
function collectKeyPaths(schema: JsonSchema, prefix: string, out: string[]): void {
  for (const variant of schema.anyOf ?? []) collectKeyPaths(variant, prefix, out);
  if (schema.items) collectKeyPaths(schema.items, `${prefix}[]`, out);
  if (typeof schema.additionalProperties === 'object') {
    collectKeyPaths(schema.additionalProperties, `${prefix}.<name>`, out);
  }
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    const keyPath = prefix ? `${prefix}.${key}` : key;
    if (!hasNamedKeys(child)) out.push(keyPath);
    collectKeyPaths(child, keyPath, out);
  }
}

describe('README config reference', () => {
  const readme = readFileSync(path.join(import.meta.dirname, '../../../README.md'), 'utf8');
  const keyPaths: string[] = [];
  collectKeyPaths(resolveConfigJsonSchema() as JsonSchema, '', keyPaths);

  it('finds the config keys in the schema', () => {
    expect(keyPaths).toContain('gateway.port');
    expect(keyPaths).toContain('models.providers.<name>.models[].cost.input');
  });

  it.each(keyPaths.filter((key) => !key.startsWith('telegram.accounts.<name>.')))('documents %s', (keyPath) => {
    expect(readme).toContain(`\`${keyPath}\``);
  });

  it('documents the per-account telegram overrides', () => {
    const accountKeys = keyPaths
      .filter((key) => key.startsWith('telegram.accounts.<name>.'))
      .map((key) => key.slice('telegram.accounts.<name>.'.length).split('.')[0]);
    const row = readme.split('\n').find((line) => line.includes('`telegram.accounts.<name>.*`')) ?? '';
    for (const key of new Set(accountKeys)) expect(row).toContain(`\`${key}\``);
  });
});
