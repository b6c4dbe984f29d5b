/** The longest label a session may carry, in characters (Unicode code points). */
export const SESSION_LABEL_MAX_LENGTH = 64;

/** The result of {@link parseSessionLabel}: the cleaned label, or an error to show the user. */
export type ParsedSessionLabel = { ok: true; label: string } | { ok: false; error: string };

// Control characters (C0, DEL, C1) and the Unicode line/paragraph separators would break the
// one-line rendering of labels in the tray, the dashboard and log lines, so they are refused
// rather than silently stripped.
const FORBIDDEN_LABEL_CHARS = /[\p{Cc}\u2028\u2029]/u;

// Bidi overrides and isolates reorder the text after them: a label could show the tray and log
// lines something other than what it says (and spill over what follows it).
const BIDI_CONTROL_CHARS = /[\u202A-\u202E\u2066-\u2069]/u;

// In a `u` regex a surrogate pair is one code point, so only a lone half matches.
const LONE_SURROGATE = /\p{Cs}/u;

// Characters that render as nothing: whitespace, format characters (zero-width space and joiners,
// the BOM), default-ignorables (Hangul fillers, variation selectors) and the blank Braille pattern.
const INVISIBLE_LABEL = /^[\p{White_Space}\p{Cf}\p{Default_Ignorable_Code_Point}\u2800]+$/u;

// Names of the characters an error may point at, so the message says what to look for.
const CHARACTER_NAMES: Readonly<Record<number, string>> = {
  0x00a0: 'NO-BREAK SPACE',
  0x00ad: 'SOFT HYPHEN',
  0x115f: 'HANGUL CHOSEONG FILLER',
  0x1160: 'HANGUL JUNGSEONG FILLER',
  0x180e: 'MONGOLIAN VOWEL SEPARATOR',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2060: 'WORD JOINER',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0x2800: 'BRAILLE PATTERN BLANK',
  0x3000: 'IDEOGRAPHIC SPACE',
  0x3164: 'HANGUL FILLER',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
  0xffa0: 'HALFWIDTH HANGUL FILLER',
};

/** `U+202E (RIGHT-TO-LEFT OVERRIDE)`, or just `U+XXXX` for a character without a name here. */
function describeCharacter(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = CHARACTER_NAMES[code];
  return name ? `${hex} (${name})` : hex;
}

/**
 * Validates a user-supplied session label: it must be a string, is NFC-normalised and trimmed, must
 * not be empty nor only invisible characters, must not contain control characters, bidi overrides or
 * isolates (U+202A–U+202E, U+2066–U+2069) or lone surrogates, and must be at most 64 characters long;
 * an error names the offending character.
 */
export function parseSessionLabel(raw: unknown): ParsedSessionLabel {
  if (typeof raw !== 'string') return { ok: false, error: 'label must be a string' };
  const surrogate = LONE_SURROGATE.exec(raw)?.[0];
  if (surrogate !== undefined) {
    return { ok: false, error: `label contains ${describeCharacter(surrogate)}, half of a character cut in two (a lone surrogate); remove it or send the whole character` };
  }
  // NFC: the same text typed on two keyboards (é as one character or as e + accent) is the same label.
  const label = raw.normalize('NFC').trim();
  if (!label) return { ok: false, error: 'label must not be empty' };
  if (FORBIDDEN_LABEL_CHARS.test(label)) {
    return { ok: false, error: 'label must not contain control characters (tabs, line breaks and the like)' };
  }
  const bidi = BIDI_CONTROL_CHARS.exec(label)?.[0];
  if (bidi !== undefined) return { ok: false, error: `label contains ${describeCharacter(bidi)}; remove it` };
  if (INVISIBLE_LABEL.test(label)) {
    const found = [...new Set(Array.from(label))].map(describeCharacter).join(', ');
    return { ok: false, error: `label must contain a visible character; it has only invisible ones: ${found}` };
  }
  const length = Array.from(label).length;
  if (length > SESSION_LABEL_MAX_LENGTH) {
    return { ok: false, error: `label must be at most ${SESSION_LABEL_MAX_LENGTH} characters (got ${length})` };
  }
  return { ok: true, label };
}
