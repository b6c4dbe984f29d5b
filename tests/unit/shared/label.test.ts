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
});
