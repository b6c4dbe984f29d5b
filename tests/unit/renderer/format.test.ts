import { describe, expect, it } from 'vitest';
import { formatBytes, formatClockTime, formatCount, formatDuration, formatRelativeTime, formatTimestamp } from '../../../src-renderer/lib/format.js';

const NOW = Date.UTC(2025, 0, 10, 12, 0, 0);

describe('formatting', () => {
  it('formats relative times in the largest whole unit', () => {
    expect(formatRelativeTime(NOW - 3_000, NOW)).toBe('just now');
    expect(formatRelativeTime(NOW - 42_000, NOW)).toBe('42 s ago');
    expect(formatRelativeTime(NOW - 5 * 60_000 - 59_000, NOW)).toBe('5 min ago');
    expect(formatRelativeTime(NOW - 3 * 3_600_000, NOW)).toBe('3 h ago');
    expect(formatRelativeTime(NOW - 2 * 86_400_000, NOW)).toBe('2 d ago');
    expect(formatRelativeTime(NOW + 120_000, NOW)).toBe('in 2 min');
  });

  it('formats durations with their two largest units', () => {
    expect(formatDuration(7)).toBe('7 s');
    expect(formatDuration(252)).toBe('4 min 12 s');
    expect(formatDuration(7500)).toBe('2 h 5 min');
    expect(formatDuration(3 * 86_400 + 4 * 3600 + 59)).toBe('3 d 4 h');
  });

  it('formats timestamps as local YYYY-MM-DD HH:MM:SS', () => {
    expect(formatTimestamp(new Date(2025, 1, 3, 4, 5, 6).getTime())).toBe('2025-02-03 04:05:06');
    expect(formatTimestamp(Number.NaN)).toBe('—');
    expect(formatClockTime(new Date(2025, 1, 3, 4, 5, 6, 7).getTime())).toBe('04:05:06.007');
  });

  it('formats counts and byte sizes', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(2 * 1024 * 1024)).toBe('2.0 MB');
  });
});
