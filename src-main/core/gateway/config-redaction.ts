import { REDACTED_VALUE, isSecretKey, redactConfig, redactUrlCredentials, resolveConfigSecrets } from '../../../src-shared/config/redact.js';
import type { ConfigFileSnapshot } from '../../../src-shared/config/snapshot.js';
import type { ConfigSnapshotResponse } from '../../../src-shared/protocol/http.js';
import { createSecretPattern } from '../../../src-shared/utils/secret-pattern.js';
import { resolveEnvReferencePaths } from '../config/config-edit.js';
import { resolveConfigFormat } from '../config/parse-config-file.js';
import { createSecretScrubber } from '../utils/secret-scrubber.js';

/** `raw` as it may leave the process: redacted text, or null and why. */
interface RawRedaction {
  raw: string | null;
  reason: string | null;
}

// `key: value` or `key=value` inside a comment (an old token kept "for later").
const COMMENT_PAIR = /([A-Za-z0-9_.-]+)(\s*[:=]\s*)("[^"]*"|'[^']*'|\S+)/g;
// A run of token characters; it is a credential when it mixes upper case, lower case and digits
// (bot tokens, API keys, base64) or is a long hex string, which prose and model ids never are. Runs
// end at "/" and ":", so a URL is judged segment by segment (a token in its path still counts).
const TOKEN_WORD = /[A-Za-z0-9_\-+=.~]{16,}/g;
const TOKEN_SHAPES = [/[A-Z]/, /[a-z]/, /\d/];
const HEX_TOKEN = /^[0-9a-fA-F]{32,}$/;
const scrubTokens = createSecretScrubber([], REDACTED_VALUE);

function isTokenWord(word: string): boolean {
  return TOKEN_SHAPES.every((shape) => shape.test(word)) || HEX_TOKEN.test(word);
}

function scrubCommentText(comment: string): string {
  const withoutPairs = comment.replace(COMMENT_PAIR, (match, key: string, separator: string) =>
    isSecretKey(key) ? `${key}${separator}${REDACTED_VALUE}` : match,
  );
  const withoutTokens = scrubTokens(redactUrlCredentials(withoutPairs));
  return withoutTokens.replace(TOKEN_WORD, (word) => (isTokenWord(word) ? REDACTED_VALUE : word));
}

/** Where the comment of a YAML line starts: a `#` at the start or after whitespace, outside quotes; -1 when none. */
function commentStart(line: string): number {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quote) {
      if (char === '\\' && quote === '"') i++;
      else if (char === quote) quote = null;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '#' && (i === 0 || /\s/.test(line[i - 1] ?? ''))) {
      return i;
    }
  }
  return -1;
}

/** Scrubs credentials (secret-key pairs, URL credentials, Bearer/sk- and token-shaped words) out of every YAML comment. */
function scrubYamlComments(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const start = commentStart(line);
      return start === -1 ? line : `${line.slice(0, start)}${scrubCommentText(line.slice(start))}`;
    })
    .join('\n');
}

function withheld(reason: string): RawRedaction {
  return { raw: null, reason };
}

/**
 * The raw text with every secret replaced: each secret value of the file (as parsed, before `${VAR}`
 * substitution) must be found verbatim in the text, or the text is withheld with the key named;
 * secrets of the effective config are replaced wherever they appear, and YAML comments are scrubbed.
 */
function redactRaw(snapshot: ConfigFileSnapshot): RawRedaction {
  const raw = snapshot.raw;
  if (raw === null) return { raw: null, reason: null };
  // A file that does not parse (a quote left open mid-edit) has no reliable values to find.
  if (snapshot.parsed === null) {
    return withheld('The file does not parse, so not every secret in it can be found; the text is shown again once the issues below are fixed');
  }
  const fileSecrets = resolveConfigSecrets(snapshot.parsed);
  const effectiveSecrets = resolveConfigSecrets(snapshot.config);
  if (!fileSecrets.complete || !effectiveSecrets.complete) {
    return withheld('The file nests too deeply to be searched for secrets');
  }
  // Leading and trailing whitespace is no secret, and a block scalar's value ends in a newline its text lacks.
  for (const { path, value } of fileSecrets.entries) {
    if (value.trim() !== '' && !createSecretPattern([value.trim()])?.test(raw)) {
      return withheld(
        `The secret at ${path} is not written as one verbatim piece of text (an escape, a doubled quote, or a value folded or continued over several lines), so it cannot be hidden in the text; write it on one line, plain or quoted without escapes, to see the file here`,
      );
    }
  }
  const needles = createSecretPattern([...fileSecrets.entries, ...effectiveSecrets.entries].map((entry) => entry.value.trim()));
  let text = needles ? raw.replace(needles, () => REDACTED_VALUE) : raw;
  if (resolveConfigFormat(snapshot.path) === 'yaml') text = scrubYamlComments(text);
  return { raw: text, reason: null };
}

/**
 * Redacts a config snapshot for HTTP/WS: `parsed` and `config` through redactConfig; `raw` with
 * every secret value replaced when each one of the file is found verbatim (and credentials in
 * comments scrubbed), else null with `raw_withheld_reason` naming the key (never the value).
 */
export function redactConfigSnapshot(snapshot: ConfigFileSnapshot): ConfigSnapshotResponse {
  const { raw, reason } = redactRaw(snapshot);
  return {
    ...snapshot,
    raw,
    raw_redacted: raw !== snapshot.raw,
    raw_withheld_reason: reason,
    env_refs: resolveEnvReferencePaths(snapshot.parsed),
    parsed: redactConfig(snapshot.parsed),
    config: snapshot.config === null ? null : redactConfig(snapshot.config),
  };
}
