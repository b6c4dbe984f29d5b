import { collectSecretValues, isSecretKey, redactConfig, REDACTED_VALUE } from '../../../src-shared/config/redact.js';
import type { ConfigFileSnapshot } from '../../../src-shared/config/snapshot.js';
import type { ConfigSnapshotResponse } from '../../../src-shared/protocol/http.js';

// A `key: value` pair anywhere on a line: YAML block or flow style, or JSON. Group 2 is the key,
// group 4 the value (a quoted string, or a plain scalar up to a separator or comment).
const PAIR = /(["']?)([A-Za-z0-9_.-]+)\1(\s*:[ \t]*)("(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'|[^\s,{}[\]#'"][^,{}[\]\n#]*)/g;
const BLOCK_SCALAR = /^[|>][+-]?\d*\s*(#.*)?$/;

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function scrubText(raw: string): string {
  const lines = raw.split('\n');
  let blockIndent = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (blockIndent >= 0) {
      // Lines of a secret block scalar: everything indented deeper than its key.
      if (line.trim() === '' || indentOf(line) > blockIndent) {
        if (line.trim() !== '') lines[i] = `${' '.repeat(indentOf(line))}${REDACTED_VALUE}`;
        continue;
      }
      blockIndent = -1;
    }
    lines[i] = line.replace(PAIR, (match, quote: string, key: string, colon: string, value: string) => {
      if (!isSecretKey(key)) return match;
      if (BLOCK_SCALAR.test(value.trim())) {
        blockIndent = indentOf(line);
        return match;
      }
      const replacement = value.startsWith('"') ? `"${REDACTED_VALUE}"` : value.startsWith("'") ? `'${REDACTED_VALUE}'` : REDACTED_VALUE;
      return `${quote}${key}${quote}${colon}${replacement}`;
    });
  }
  return lines.join('\n');
}

/**
 * Redacts a config snapshot for HTTP/WS: `parsed` and `config` through redactConfig; `raw` with
 * every known secret literal replaced and the value of every secret key scrubbed (block, flow and
 * JSON style, block scalars too, even when the file does not parse), or null when a secret value
 * would still be readable in it afterwards.
 */
export function redactConfigSnapshot(snapshot: ConfigFileSnapshot): ConfigSnapshotResponse {
  let raw = snapshot.raw;
  let rawRedacted = false;
  if (raw !== null) {
    const secrets = new Set([...collectSecretValues(snapshot.parsed), ...collectSecretValues(snapshot.config)]);
    let text = raw;
    for (const secret of secrets) {
      if (secret.length > 0 && text.includes(secret)) text = text.split(secret).join(REDACTED_VALUE);
    }
    text = scrubText(text);
    const leaked = [...secrets].some((secret) =>
      secret.split('\n').some((part) => part.trim().length > 0 && text.includes(part.trim())),
    );
    raw = leaked ? null : text;
    rawRedacted = leaked || text !== snapshot.raw;
  }
  return {
    ...snapshot,
    raw,
    raw_redacted: rawRedacted,
    parsed: redactConfig(snapshot.parsed),
    config: snapshot.config === null ? null : redactConfig(snapshot.config),
  };
}
