import { collectSecretValues } from '../../../src-shared/config/redact.js';
import { createSecretPattern } from '../../../src-shared/utils/secret-pattern.js';

/** What a secret value or credential-shaped token is replaced with in text that leaves the process (logs, errors). */
export const SCRUBBED_VALUE = '[redacted]';

/** Replaces secrets in one piece of text. */
export type SecretScrubber = (text: string) => string;

// The token ends at whitespace or a quote, so a quoted header value keeps its closing quote.
const BEARER_TOKEN = /\b(Bearer)(\s+)[^\s"'`]+/gi;
// OpenAI-style keys (sk-…, sk-proj-…, sk-ant-…), masked ones (sk-abc***xyz) too; "sk-learn" is too short to count.
const SK_TOKEN = /\bsk-[A-Za-z0-9_*-]{6,}/g;

/**
 * Creates the one scrubber for text leaving the process: every given secret value (empty and blank
 * ones ignored; longer first, so a secret containing another is hidden whole) and every
 * `Bearer <token>` and `sk-…` key become `replacement` (default `[redacted]`).
 */
export function createSecretScrubber(secrets: Iterable<string>, replacement = SCRUBBED_VALUE): SecretScrubber {
  const secretPattern = createSecretPattern(secrets);
  return (text) => {
    // Replacer functions, so a `$` in the replacement is never read as a pattern.
    const withoutSecrets = secretPattern ? text.replace(secretPattern, () => replacement) : text;
    return withoutSecrets
      .replace(BEARER_TOKEN, (_match, scheme: string, space: string) => `${scheme}${space}${replacement}`)
      .replace(SK_TOKEN, () => replacement);
  };
}

/** Creates the scrubber for the secrets of the given configs (collectSecretValues of each; undefined entries skipped). */
export function createConfigScrubber(...configs: readonly unknown[]): SecretScrubber {
  return createSecretScrubber(configs.flatMap((config) => (config === undefined ? [] : collectSecretValues(config))));
}

/**
 * Scrubs error text that leaves the process: with `keeper` (the runtime's, shared with its logger,
 * so a key rotated away stays hidden) first, then with the secrets of `configs` (the ones in effect
 * now, which the keeper may not have been told about yet).
 */
export function scrubErrorText(text: string, keeper: SecretScrubber | undefined, ...configs: readonly unknown[]): string {
  return createConfigScrubber(...configs)(keeper ? keeper(text) : text);
}

/** A scrubber whose secrets only grow: a rotated key stays hidden in errors that still quote it. */
export interface SecretKeeper {
  scrub: SecretScrubber;
  /** Adds secret values (blank ones ignored) to scrub from now on. */
  add(values: Iterable<string>): void;
}

/** Creates a SecretKeeper starting with `initial`; the scrubber is rebuilt only when a new value arrives. */
export function createSecretKeeper(initial: Iterable<string> = []): SecretKeeper {
  const known = new Set<string>();
  let current = createSecretScrubber([]);
  const add = (values: Iterable<string>): void => {
    const before = known.size;
    for (const value of values) {
      if (typeof value === 'string' && value.trim() !== '') known.add(value);
    }
    if (known.size !== before) current = createSecretScrubber(known);
  };
  add(initial);
  return { scrub: (text) => current(text), add };
}
