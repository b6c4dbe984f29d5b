import { isPlainObject, setOwnProperty, toSnakeCase } from '../utils/common.js';
import { createSecretPattern } from '../utils/secret-pattern.js';

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

// Every value under a `headers` key is a credential unless the header is known to be public:
// providers take keys in headers of any name (Ocp-Apim-Subscription-Key, X-Custom-Auth), so no
// list of secret names can be complete, while the list of harmless ones (OpenRouter's X-Title) is short.
const PUBLIC_HEADER_NAMES = new Set([
  'x_title',
  'http_referer',
  'referer',
  'user_agent',
  'accept',
  'accept_language',
  'content_type',
  'anthropic_version',
  'anthropic_beta',
  'openai_beta',
]);

function isHeadersKey(key: string): boolean {
  return toSnakeCase(key) === 'headers';
}

/** How a walk treats what is under a key: plain values, the entries of a `headers` map, or secrets. */
type WalkMode = 'plain' | 'headers' | 'secret';

function childMode(mode: WalkMode, key: string): WalkMode {
  if (mode === 'secret') return 'secret';
  if (mode === 'headers') return PUBLIC_HEADER_NAMES.has(toSnakeCase(key)) ? 'plain' : 'secret';
  return isSecretKey(key) ? 'secret' : isHeadersKey(key) ? 'headers' : 'plain';
}

// Query parameters that carry a credential besides the secret key names (`?key=` is Google's API key).
const SECRET_QUERY_NAMES = new Set(['key', 'sig', 'signature', 'auth', 'access_key', 'credential', 'credentials']);

function isSecretQueryName(name: string): boolean {
  const snake = toSnakeCase(name);
  return isSecretKey(name) || SECRET_QUERY_NAMES.has(snake) || snake.endsWith('_key');
}

// A URL anywhere in a string; it ends at whitespace, a quote or an angle bracket.
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi;

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    // Malformed percent-encoding: the text as written is the only form there is.
    return text;
  }
}

/** The credential parts of one URL as written (userinfo, its password, secret query values), with where each starts in `url`. */
function findUrlCredentials(url: string): { start: number; text: string }[] {
  const found: { start: number; text: string }[] = [];
  const authorityStart = url.indexOf('://') + 3;
  const authorityEnd = url.slice(authorityStart).search(/[/?#]/);
  const authority = url.slice(authorityStart, authorityEnd === -1 ? url.length : authorityStart + authorityEnd);
  const at = authority.lastIndexOf('@');
  if (at > 0) found.push({ start: authorityStart, text: authority.slice(0, at) });
  const queryStart = url.indexOf('?');
  if (queryStart !== -1) {
    const hash = url.indexOf('#', queryStart);
    let offset = queryStart + 1;
    for (const pair of url.slice(queryStart + 1, hash === -1 ? url.length : hash).split('&')) {
      const equals = pair.indexOf('=');
      if (equals > 0 && equals < pair.length - 1 && isSecretQueryName(decodeComponent(pair.slice(0, equals)))) {
        found.push({ start: offset + equals + 1, text: pair.slice(equals + 1) });
      }
      offset += pair.length + 1;
    }
  }
  return found;
}

/** Every credential inside a string: URL userinfo (whole, and its password alone), secret-named query values (as written and decoded). */
function collectUrlCredentials(text: string): string[] {
  const values: string[] = [];
  for (const match of text.matchAll(URL_IN_TEXT)) {
    for (const { text: part } of findUrlCredentials(match[0])) {
      values.push(part);
      const colon = part.indexOf(':');
      if (colon !== -1 && colon < part.length - 1) values.push(part.slice(colon + 1));
      const decoded = decodeComponent(part);
      if (decoded !== part && decoded.trim() !== '') values.push(decoded);
    }
  }
  return values;
}

/** Returns the text with the credentials of every URL in it (userinfo, query values named like keys or tokens) replaced by REDACTED_VALUE. */
export function redactUrlCredentials(text: string): string {
  return text.replace(URL_IN_TEXT, (url) => {
    let result = url;
    // Right to left, so earlier offsets stay valid.
    for (const { start, text: part } of findUrlCredentials(url).reverse()) {
      result = `${result.slice(0, start)}${REDACTED_VALUE}${result.slice(start + part.length)}`;
    }
    return result;
  });
}

/** Nesting deeper than this is never a real config: it is redacted whole rather than walked (and cannot overflow the stack). */
export const MAX_REDACTION_DEPTH = 64;

/** One credential of a config: the dotted key path it sits under and its text as written. */
export interface SecretEntry {
  path: string;
  value: string;
}

/** The credentials found in a config; `complete` is false when part of it nests too deeply to be searched. */
export interface ConfigSecrets {
  entries: SecretEntry[];
  complete: boolean;
}

function joinPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent ? `${parent}.${key}` : key;
}

/**
 * Finds every credential of a config-like value: values under secret keys (isSecretKey) or a
 * `headers` key, in any section and array, and inside any string the userinfo of a URL and the
 * values of query parameters named like keys or tokens (`?key=`, `?token=`, `api_key=`).
 */
export function resolveConfigSecrets(config: unknown): ConfigSecrets {
  const entries: SecretEntry[] = [];
  let complete = true;
  const walk = (value: unknown, path: string, mode: WalkMode, depth: number): void => {
    if (depth > MAX_REDACTION_DEPTH) {
      complete = false;
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item, index) => walk(item, joinPath(path, index), mode, depth + 1));
    } else if (isPlainObject(value)) {
      for (const [key, child] of Object.entries(value)) walk(child, joinPath(path, key), childMode(mode, key), depth + 1);
    } else if (mode !== 'plain' && isRedactable(value)) {
      entries.push({ path, value: String(value) });
    } else if (typeof value === 'string') {
      for (const credential of collectUrlCredentials(value)) entries.push({ path, value: credential });
    }
  };
  walk(config, '', 'plain', 0);
  return { entries, complete };
}

/** Lists the distinct non-empty secret values of a config (see resolveConfigSecrets), longest first so a scrubber replaces overlapping secrets whole. */
export function collectSecretValues(config: unknown): string[] {
  const values = new Set(resolveConfigSecrets(config).entries.map((entry) => entry.value));
  return [...values].sort((a, b) => b.length - a.length);
}

/**
 * Returns a deep copy of any config-like value with every credential resolveConfigSecrets finds
 * replaced by REDACTED_VALUE (whole values under secret or header keys, URL credentials in place),
 * and every other string that holds one of those secrets (an alias of a secret, say) redacted too;
 * nesting deeper than MAX_REDACTION_DEPTH is replaced whole. The input is not modified.
 */
export function redactConfig<T>(value: T): T {
  const secrets = collectSecretValues(value);
  const exact = new Set(secrets);
  const embedded = createSecretPattern(secrets);
  const redactText = (text: string): string => {
    if (exact.has(text)) return REDACTED_VALUE;
    const result = redactUrlCredentials(text);
    return embedded ? result.replace(embedded, () => REDACTED_VALUE) : result;
  };
  const walk = (node: unknown, mode: WalkMode, depth: number): unknown => {
    if (depth > MAX_REDACTION_DEPTH) return REDACTED_VALUE;
    if (Array.isArray(node)) return node.map((item) => walk(item, mode, depth + 1));
    // Only parsed JSON/YAML-shaped objects are walked; a Date or Map is passed through as it is.
    if (isPlainObject(node)) {
      const copy: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(node)) {
        setOwnProperty(copy, key, walk(child, childMode(mode, key), depth + 1));
      }
      return copy;
    }
    if (mode !== 'plain' && isRedactable(node)) return REDACTED_VALUE;
    return typeof node === 'string' ? redactText(node) : node;
  };
  return walk(value, 'plain', 0) as T;
}
