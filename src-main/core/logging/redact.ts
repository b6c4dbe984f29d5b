import type { SecretScrubber } from '../utils/secret-scrubber.js';

/** Replaces secrets in one piece of log text: the one scrubber of core/utils/secret-scrubber.ts. */
export type LogRedactor = SecretScrubber;

/** Applies a redactor to every string (keys included) of a JSON-safe value, returning a new value. */
export function redactDeep(value: unknown, redact: LogRedactor): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, redact));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [redact(key), redactDeep(item, redact)]));
  }
  return value;
}
