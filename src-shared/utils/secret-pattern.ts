import { escapeRegExp } from './common.js';

// A secret this short is matched only where it stands alone, not inside every word that happens to
// contain it: a header value `true` in "untrue", a URL user `u` in "unreachable", `s` in "https".
const MIN_EMBEDDED_SECRET_CHARS = 8;

/**
 * Creates one global pattern matching any of the secret values (empty and blank ones ignored):
 * values of 8 or more characters anywhere, shorter ones only as a whole word (no letter, digit, `_`
 * or `-` on either side). Longer values come first, so a secret containing another is matched
 * whole. Undefined when there is nothing to match.
 */
export function createSecretPattern(secrets: Iterable<string>): RegExp | undefined {
  const values = [...new Set(secrets)].filter((value) => value.trim() !== '').sort((a, b) => b.length - a.length);
  if (values.length === 0) return undefined;
  const alternatives = values.map((value) => {
    const escaped = escapeRegExp(value);
    return value.length < MIN_EMBEDDED_SECRET_CHARS ? `(?<![\\w-])${escaped}(?![\\w-])` : escaped;
  });
  return new RegExp(alternatives.join('|'), 'g');
}
