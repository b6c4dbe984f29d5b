import { describe, expect, it } from 'vitest';
import { normalizeChatType } from '../../../src-shared/types/base.js';

describe('normalizeChatType', () => {
  it.each([
    ['direct', 'direct'],
    ['group', 'group'],
    ['channel', 'channel'],
  ])('keeps the canonical type %s', (raw, expected) => {
    expect(normalizeChatType(raw)).toBe(expected);
  });

  it('maps "dm" to direct', () => {
    expect(normalizeChatType('dm')).toBe('direct');
  });

  it('ignores case and surrounding whitespace', () => {
    expect([normalizeChatType('  GROUP '), normalizeChatType('Dm')]).toEqual(['group', 'direct']);
  });

  it.each([['thread'], ['supergroup'], [''], ['   ']])('returns undefined for the unknown type %j', (raw) => {
    expect(normalizeChatType(raw)).toBeUndefined();
  });

  it('returns undefined for null and undefined', () => {
    expect([normalizeChatType(null), normalizeChatType(undefined)]).toEqual([undefined, undefined]);
  });
});
