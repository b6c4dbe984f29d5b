/** Limits `value` to the range [min, max]; NaN passes through unchanged. */
export function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(value, max));
}

/** Floors `value` to an integer, then limits it to the range [min, max]. */
export function clampInt(value: number, min: number, max: number): number {
  return clamp(Math.floor(value), min, max);
}

/** Alias of {@link clamp}, kept because the contract names both. */
export const clampNumber = clamp;

/** Escapes every character that has a meaning in a RegExp pattern, so `text` matches literally. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Parses JSON text; returns undefined (never throws) when `text` is not a string or not valid JSON. */
export function safeParseJson(text: unknown): unknown {
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // The contract's "None on failure": callers test for undefined instead of catching.
    return undefined;
  }
}

/** True only for plain objects (`{}` literals, `Object.create(null)`): not arrays, null, Date, Map or class instances. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** True for any non-null, non-array object (class instances included): looser than {@link isPlainObject}. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sets an own enumerable property, including `__proto__`, which a plain assignment would treat as the prototype. */
export function setOwnProperty(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

/** Spells a key in snake_case: botToken, X-Api-Key and api-key become bot_token, x_api_key and api_key. */
export function toSnakeCase(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/-/g, '_')
    .toLowerCase();
}

/** Trims `path` and ensures it starts with `/` (an empty path becomes `/`). */
export function normalizePath(path: string): string {
  const trimmed = path.trim();
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/** Words any thrown value for a message: an Error gives its message, anything else its String() form. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
