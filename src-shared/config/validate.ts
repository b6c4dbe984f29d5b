import type { z } from 'zod';
import { OpenClawConfigSchema, type OpenClawConfig } from './schema.js';
import type { ConfigIssue } from './snapshot.js';
import { isRecord } from '../utils/common.js';
import { formatConfigPath } from './key-path.js';
import { normalizeConfigInput } from './normalize.js';
import { findUnknownConfigKeys } from './unknown-keys.js';

export interface ConfigValidationResult {
  /** The config with defaults applied; null when there are issues. */
  config: OpenClawConfig | null;
  issues: ConfigIssue[];
  warnings: ConfigIssue[];
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping of keys',
  array: 'a list',
  record: 'a mapping of keys',
};

// Names the kind of value only: the value itself may be a secret (a numeric token, say).
function describeKind(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'a mapping';
  if (typeof input === 'boolean') return `${input}`;
  return `a ${typeof input}`;
}

function quoteShort(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function describeBound(issue: { origin?: string; inclusive?: boolean }, bound: unknown, direction: 'least' | 'most'): string {
  const size = Number(bound);
  if (issue.origin === 'string') return direction === 'least' && size === 1 ? 'must not be empty' : `must be at ${direction} ${size} characters`;
  if (issue.origin === 'array') return `must have at ${direction} ${size} items`;
  if (issue.inclusive === false) return `must be ${direction === 'least' ? 'greater' : 'less'} than ${size}`;
  return `must be at ${direction} ${size}`;
}

// Per-parse messages in the `path: must …` voice of ConfigValidationError; messages set on a
// schema field (e.g. the port range) take precedence over these.
const configErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected} (got ${describeKind(issue.input)})`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => quoteShort(v)).join(', ')} (got ${quoteShort(issue.input)})`;
    case 'too_small':
      return describeBound(issue, issue.minimum, 'least');
    case 'too_big':
      return describeBound(issue, issue.maximum, 'most');
    case 'invalid_format':
      // Not quoted: a URL may carry credentials (https://user:pw@host, ?key=…) and the key path says where it is.
      if (issue.format === 'url') return 'must be a URL like https://example.com';
      if (issue.format === 'starts_with') return `must start with ${quoteShort((issue as { prefix?: string }).prefix)}`;
      return undefined;
    default:
      return undefined;
  }
};

/** A default model whose provider is not configured: valid to load, but every chat would fail, so it is said up front. */
function resolveModelWarnings(config: OpenClawConfig): ConfigIssue[] {
  const ref = config.models.default;
  if (ref === undefined) return [];
  const provider = ref.slice(0, ref.indexOf('/'));
  if (Object.hasOwn(config.models.providers, provider)) return [];
  return [{ path: 'models.default', message: `Default model ${ref}: provider not configured; add "${provider}" under models.providers or pick another default` }];
}

/**
 * Validates a parsed, env-substituted config against OpenClawConfigSchema and fills defaults;
 * null means an empty file. Unknown keys become warnings; every problem becomes an issue with
 * its key path (`gateway.port`), never an exception.
 */
export function validateConfig(input: unknown): ConfigValidationResult {
  const value = input ?? {};
  if (!isRecord(value)) {
    const message = `the config must be a mapping of sections such as "gateway:" and "telegram:" (got ${describeKind(value)})`;
    return { config: null, issues: [{ path: '', message }], warnings: [] };
  }
  const warnings = findUnknownConfigKeys(value, OpenClawConfigSchema);
  const result = OpenClawConfigSchema.safeParse(normalizeConfigInput(value, OpenClawConfigSchema), { error: configErrorMap });
  if (result.success) return { config: result.data, issues: [], warnings: [...warnings, ...resolveModelWarnings(result.data)] };
  const issues = result.error.issues.map((issue) => ({
    path: formatConfigPath(issue.path),
    // A refused record key (a bot name) says why in its own issues, not in zod's "Invalid key in record".
    message: issue.code === 'invalid_key' ? issue.issues.map((nested) => nested.message).join('; ') : issue.message,
  }));
  return { config: null, issues, warnings };
}
