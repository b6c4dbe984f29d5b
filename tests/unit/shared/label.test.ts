import { describe, expect, it } from 'vitest';
import { SESSION_LABEL_MAX_LENGTH, parseSessionLabel } from '../../../src-shared/sessions/label.js';

describe('parseSessionLabel', () => {
  it('allows at most 64 characters', () => {
    expect(SESSION_LABEL_MAX_LENGTH).toBe(64);
  });

  it('accepts a label and trims it', () => {
    expect(parseSessionLabel('  Bug hunt  ')).toEqual({ ok: true, label: 'Bug hunt' });
  });

  it('accepts exactly 64 characters', () => {
    const label = 'x'.repeat(64);
    expect(parseSessionLabel(label)).toEqual({ ok: true, label });
  });

  it('counts characters, not UTF-16 units, so 64 emoji fit', () => {
    const label = '🦀'.repeat(64);
    expect(parseSessionLabel(label)).toEqual({ ok: true, label });
  });

  it('rejects a value that is not a string', () => {
    expect([parseSessionLabel(42), parseSessionLabel(null), parseSessionLabel(undefined)]).toEqual([
      { ok: false, error: 'label must be a string' },
      { ok: false, error: 'label must be a string' },
      { ok: false, error: 'label must be a string' },
    ]);
  });

  it('rejects an empty or blank label', () => {
    expect([parseSessionLabel(''), parseSessionLabel(' \t\n ')]).toEqual([
      { ok: false, error: 'label must not be empty' },
      { ok: false, error: 'label must not be empty' },
    ]);
  });

  it('rejects a label longer than 64 characters, saying how long it was', () => {
    expect(parseSessionLabel('y'.repeat(70))).toEqual({ ok: false, error: 'label must be at most 64 characters (got 70)' });
  });

  it('measures the length after trimming', () => {
    expect(parseSessionLabel(`   ${'z'.repeat(64)}   `)).toEqual({ ok: true, label: 'z'.repeat(64) });
  });

  it.each([
    ['a line break', 'line one\nline two'],
    ['a tab', 'a\tb'],
    ['an escape character', 'red\u001b[31m'],
    ['DEL', 'a\u007fb'],
    ['a C1 control', 'a\u0085b'],
    ['a Unicode line separator', 'a\u2028b'],
  ])('rejects %s inside the label', (_name, raw) => {
    expect(parseSessionLabel(raw)).toEqual({
      ok: false,
      error: 'label must not contain control characters (tabs, line breaks and the like)',
    });
  });

  it('normalises to NFC, so a decomposed é is the same label as a composed one', () => {
    expect(parseSessionLabel('Cafe\u0301')).toEqual({ ok: true, label: 'Caf\u00e9' });
    expect(parseSessionLabel('Caf\u00e9')).toEqual({ ok: true, label: 'Caf\u00e9' });
  });

  it('counts the length after NFC: 64 decomposed characters fit', () => {
    expect(parseSessionLabel('e\u0301'.repeat(64))).toEqual({ ok: true, label: '\u00e9'.repeat(64) });
  });

  it.each([
    ['202A', 'LEFT-TO-RIGHT EMBEDDING'],
    ['202B', 'RIGHT-TO-LEFT EMBEDDING'],
    ['202C', 'POP DIRECTIONAL FORMATTING'],
    ['202D', 'LEFT-TO-RIGHT OVERRIDE'],
    ['202E', 'RIGHT-TO-LEFT OVERRIDE'],
    ['2066', 'LEFT-TO-RIGHT ISOLATE'],
    ['2067', 'RIGHT-TO-LEFT ISOLATE'],
    ['2068', 'FIRST STRONG ISOLATE'],
    ['2069', 'POP DIRECTIONAL ISOLATE'],
  ])('rejects the bidi control U+%s, naming it', (hex, name) => {
    expect(parseSessionLabel(`invoice${String.fromCodePoint(parseInt(hex, 16))}fdp.exe`)).toEqual({ ok: false, error: `label contains U+${hex} (${name}); remove it` });
  });

  it('keeps right-to-left text and the LRM/RLM marks it legitimately uses', () => {
    expect(parseSessionLabel('שלום \u200Fעולם')).toEqual({ ok: true, label: 'שלום \u200Fעולם' });
  });

  it.each([
    ['a zero-width space', '\u200B', 'U+200B (ZERO WIDTH SPACE)'],
    ['zero-width joiners', '\u200D\u200C\u200D', 'U+200D (ZERO WIDTH JOINER), U+200C (ZERO WIDTH NON-JOINER)'],
    ['a word joiner between spaces', ' \u2060 ', 'U+2060 (WORD JOINER)'],
    ['a Hangul filler', '\u3164\u3164', 'U+3164 (HANGUL FILLER)'],
    ['a blank Braille pattern', '\u2800', 'U+2800 (BRAILLE PATTERN BLANK)'],
    ['a soft hyphen and a no-break space', '\u00AD\u00A0\u00AD', 'U+00AD (SOFT HYPHEN), U+00A0 (NO-BREAK SPACE)'],
    ['a variation selector', '\uFE0F', 'U+FE0F'],
  ])('rejects a label of only invisible characters (%s), naming them', (_name, raw, named) => {
    expect(parseSessionLabel(raw)).toEqual({ ok: false, error: `label must contain a visible character; it has only invisible ones: ${named}` });
  });

  it('accepts invisible characters next to visible ones (an emoji sequence with a joiner)', () => {
    const family = '👩\u200D👧';
    expect(parseSessionLabel(family)).toEqual({ ok: true, label: family });
  });

  it.each([
    ['a high surrogate', 'broken \uD83D', 'U+D83D'],
    ['a low surrogate', '\uDE00 broken', 'U+DE00'],
  ])('rejects %s on its own, naming it', (_name, raw, hex) => {
    expect(parseSessionLabel(raw)).toEqual({
      ok: false,
      error: `label contains ${hex}, half of a character cut in two (a lone surrogate); remove it or send the whole character`,
    });
  });
});
