/** The longest label a session may carry, in characters (Unicode code points). */
export const SESSION_LABEL_MAX_LENGTH = 64;

/** The result of {@link parseSessionLabel}: the cleaned label, or an error to show the user. */
export type ParsedSessionLabel = { ok: true; label: string } | { ok: false; error: string };

// Control characters (C0, DEL, C1) and the Unicode line/paragraph separators would break the
// one-line rendering of labels in the tray, the dashboard and log lines, so they are refused
// rather than silently stripped.
const FORBIDDEN_LABEL_CHARS = /[\p{Cc}\u2028\u2029]/u;

/**
 * Validates a user-supplied session label: it must be a string, is trimmed, must not be empty,
 * must not contain control characters and must be at most 64 characters long.
 */
export function parseSessionLabel(raw: unknown): ParsedSessionLabel {
  if (typeof raw !== 'string') return { ok: false, error: 'label must be a string' };
  const label = raw.trim();
  if (!label) return { ok: false, error: 'label must not be empty' };
  if (FORBIDDEN_LABEL_CHARS.test(label)) {
    return { ok: false, error: 'label must not contain control characters (tabs, line breaks and the like)' };
  }
  const length = Array.from(label).length;
  if (length > SESSION_LABEL_MAX_LENGTH) {
    return { ok: false, error: `label must be at most ${SESSION_LABEL_MAX_LENGTH} characters (got ${length})` };
  }
  return { ok: true, label };
}
