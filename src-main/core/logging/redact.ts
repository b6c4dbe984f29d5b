import { escapeRegExp } from '../../../src-shared/utils/common.js';

/** What a secret value or bearer token is replaced with in log output. */
export const LOG_REDACTED_VALUE = '[redacted]';

/** Replaces secrets in one piece of text. */
export type LogRedactor = (text: string) => string;

// The token ends at whitespace or a quote, so a quoted header value keeps its closing quote.
const BEARER_TOKEN = /\b(Bearer)(\s+)[^\s"'`]+/gi;

/**
 * Creates a redactor that replaces every given secret value (empty and blank values ignored;
 * longer values first, so a secret containing another is hidden whole) and the token of every
 * `Bearer <token>` with `[redacted]`.
 */
export function createLogRedactor(secrets: Iterable<string>): LogRedactor {
  const values = [...new Set(secrets)].filter((value) => value.trim() !== '').sort((a, b) => b.length - a.length);
  const secretPattern = values.length > 0 ? new RegExp(values.map(escapeRegExp).join('|'), 'g') : undefined;
  return (text) => {
    const withoutSecrets = secretPattern ? text.replace(secretPattern, LOG_REDACTED_VALUE) : text;
    return withoutSecrets.replace(BEARER_TOKEN, `$1$2${LOG_REDACTED_VALUE}`);
  };
}

/** Applies a redactor to every string (keys included) of a JSON-safe value, returning a new value. */
export function redactDeep(value: unknown, redact: LogRedactor): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, redact));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [redact(key), redactDeep(item, redact)]));
  }
  return value;
}
