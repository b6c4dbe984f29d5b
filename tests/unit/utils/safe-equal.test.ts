import { describe, expect, it } from 'vitest';
import { safeEqual } from '../../../src-main/core/utils/safe-equal.js';

describe('safeEqual', () => {
  it('compares secrets of any length', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual('', 'x')).toBe(false);
  });
});
