import { isPlainObject, setOwnProperty, toSnakeCase } from '../utils/common.js';

/** What every secret value is replaced with before a config leaves the process. */
export const REDACTED_VALUE = '__OPENCLAW_REDACTED__';

const SECRET_NAMES = new Set([
  'token',
  'password',
  'passwd',
  'passphrase',
  'secret',
  'api_key',
  'apikey',
  'private_key',
  'secret_key',
  // Header names; also secret as plain keys, since over-redacting a stray key costs nothing.
  'authorization',
  'proxy_authorization',
  'cookie',
]);
const SECRET_SUFFIXES = ['_token', '_secret', '_password', '_api_key', '_apikey', '_private_key', '_secret_key'];
// Token counters and limits are numbers users need to see, not credentials.
const TOKEN_COUNTER = /^(max|min|context|input|output|total|prompt|completion|cache_read|cache_write|reasoning)_tokens?$/;

/** True when a config key (any case: snake, camel or a header name like X-Api-Key) holds a credential; token counters such as max_tokens are not secrets. */
export function isSecretKey(key: string): boolean {
  // botToken, X-Api-Key and api-key all become snake_case, so one list covers every spelling.
  const name = toSnakeCase(key);
  if (TOKEN_COUNTER.test(name)) return false;
  return SECRET_NAMES.has(name) || SECRET_SUFFIXES.some((suffix) => name.endsWith(suffix));
}

// Empty strings and null stay visible so a UI can still show "not set".
function isRedactable(value: unknown): value is string | number | bigint {
  return (typeof value === 'string' && value !== '') || typeof value === 'number' || typeof value === 'bigint';
}

function redactNode(value: unknown, underSecret: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => redactNode(item, underSecret));
  // Only parsed JSON/YAML-shaped objects are walked; a Date or Map is passed through as it is.
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) setOwnProperty(copy, key, redactNode(child, underSecret || isSecretKey(key)));
    return copy;
  }
  return underSecret && isRedactable(value) ? REDACTED_VALUE : value;
}

/** Returns a deep copy of any config-like value with every secret (by key, in any section, known or not, arrays included) replaced by REDACTED_VALUE; the input is not modified. */
export function redactConfig<T>(value: T): T {
  return redactNode(value, false) as T;
}

function collectNode(value: unknown, underSecret: boolean, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectNode(item, underSecret, into);
  } else if (isPlainObject(value)) {
    for (const [key, child] of Object.entries(value)) collectNode(child, underSecret || isSecretKey(key), into);
  } else if (underSecret && isRedactable(value)) {
    into.add(String(value));
  }
}

/** Lists the distinct non-empty secret values of a config, longest first so a scrubber replaces overlapping secrets whole. */
export function collectSecretValues(config: unknown): string[] {
  const values = new Set<string>();
  collectNode(config, false, values);
  return [...values].sort((a, b) => b.length - a.length);
}
