import { describe, expect, it } from 'vitest';
import type { SessionEntry } from '../../../src-shared/sessions/entry.js';
import { mergeSessionEntry } from '../../../src-shared/sessions/entry-operations.js';

// Earlier than the fixtures' updated_at (2,000), so a merge leaves their updated_at as it is.
const EARLY = { now: 1_000 };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function entry(overrides: Partial<SessionEntry> = {}): SessionEntry {
  return {
    session_id: 'sess-1',
    updated_at: 2_000,
    aborted_last_run: false,
    system_sent: false,
    compaction_count: 0,
    ...overrides,
  };
}

describe('mergeSessionEntry', () => {
  it('starts a new entry with a generated session id, the clock time and the schema defaults', () => {
    const merged = mergeSessionEntry(undefined, { label: 'Inbox' }, { now: 5_000 });
    expect(merged).toEqual({
      session_id: expect.stringMatching(UUID),
      updated_at: 5_000,
      label: 'Inbox',
      aborted_last_run: false,
      system_sent: false,
      compaction_count: 0,
    });
  });

  it('generates a different session id for each new entry', () => {
    const first = mergeSessionEntry(undefined, {});
    const second = mergeSessionEntry(undefined, {});
    expect(first.session_id).not.toBe(second.session_id);
  });

  it('uses the session id and updated_at of a patch for a new entry when the patch is later than the clock', () => {
    expect(mergeSessionEntry(undefined, { session_id: 'given', updated_at: 100 }, { now: 99 })).toMatchObject({
      session_id: 'given',
      updated_at: 100,
    });
  });

  it('starts a new entry at the clock time when the patch updated_at is earlier', () => {
    expect(mergeSessionEntry(undefined, { updated_at: 10 }, { now: 99 }).updated_at).toBe(99);
  });

  it('keeps the fields the patch does not mention', () => {
    const merged = mergeSessionEntry(entry({ model: 'gpt-4o', channel: 'telegram' }), { label: 'Work' }, EARLY);
    expect(merged).toEqual(entry({ model: 'gpt-4o', channel: 'telegram', label: 'Work' }));
  });

  it('keeps the existing session id unless the patch sets one', () => {
    expect([
      mergeSessionEntry(entry(), { label: 'x' }, EARLY).session_id,
      mergeSessionEntry(entry(), { session_id: 'sess-2' }, EARLY).session_id,
    ]).toEqual(['sess-1', 'sess-2']);
  });

  it('ignores undefined values in the patch', () => {
    expect(mergeSessionEntry(entry({ label: 'Keep' }), { label: undefined }, EARLY)).toEqual(entry({ label: 'Keep' }));
  });

  it('clears an optional field set to null', () => {
    const merged = mergeSessionEntry(entry({ label: 'Old', model: 'm' }), { label: null }, EARLY);
    expect(merged).toEqual(entry({ model: 'm' }));
    expect('label' in merged).toBe(false);
  });

  it('resets a defaulted field set to null to its default', () => {
    expect(mergeSessionEntry(entry({ compaction_count: 4, system_sent: true }), { compaction_count: null, system_sent: null }, EARLY)).toEqual(
      entry(),
    );
  });

  it('merges origin one level deep', () => {
    const merged = mergeSessionEntry(entry({ origin: { provider: 'telegram', from: 'u1' } }), { origin: { to: 'bot' } });
    expect(merged.origin).toEqual({ provider: 'telegram', from: 'u1', to: 'bot' });
  });

  it('clears one origin field set to null and keeps the others', () => {
    const merged = mergeSessionEntry(entry({ origin: { provider: 'telegram', from: 'u1' } }), { origin: { from: null } as never });
    expect(merged.origin).toEqual({ provider: 'telegram' });
  });

  it('clears the whole origin when origin is null', () => {
    expect(mergeSessionEntry(entry({ origin: { provider: 'telegram' } }), { origin: null }, EARLY)).toEqual(entry());
  });

  it('takes the later updated_at when the patch is newer', () => {
    expect(mergeSessionEntry(entry({ updated_at: 2_000 }), { updated_at: 3_000 }, EARLY).updated_at).toBe(3_000);
  });

  it('keeps the later updated_at when the patch is older', () => {
    expect(mergeSessionEntry(entry({ updated_at: 2_000 }), { updated_at: 1_000 }, { now: 500 }).updated_at).toBe(2_000);
  });

  it('moves updated_at to the clock when it is later than both the entry and the patch', () => {
    expect(mergeSessionEntry(entry({ updated_at: 2_000 }), { label: 'x' }, { now: 9_999 }).updated_at).toBe(9_999);
    expect(mergeSessionEntry(entry({ updated_at: 2_000 }), { updated_at: 3_000 }, { now: 9_999 }).updated_at).toBe(9_999);
  });

  it('takes Date.now() as the clock by default', () => {
    const before = Date.now();
    const merged = mergeSessionEntry(entry({ updated_at: 2_000 }), { label: 'x' });
    expect(merged.updated_at).toBeGreaterThanOrEqual(before);
    expect(merged.updated_at).toBeLessThanOrEqual(Date.now());
  });

  it('never moves updated_at back when the clock is behind the entry', () => {
    expect(mergeSessionEntry(entry({ updated_at: 2_000 }), { label: 'x' }, { now: 1_500 }).updated_at).toBe(2_000);
  });

  it('keeps fields written by other tools (unknown keys survive)', () => {
    const existing = { ...entry(), future_field: { a: 1 } } as SessionEntry;
    expect(mergeSessionEntry(existing, { label: 'x' })).toMatchObject({ future_field: { a: 1 }, label: 'x' });
  });

  it('does not modify the existing entry or its origin', () => {
    const existing = entry({ origin: { provider: 'telegram' }, label: 'Old' });
    const before = structuredClone(existing);
    mergeSessionEntry(existing, { label: null, origin: { to: 'bot' } });
    expect(existing).toEqual(before);
  });

  it('rejects a negative token count, naming the field, and leaves the existing entry intact', () => {
    const existing = entry({ input_tokens: 10 });
    const before = structuredClone(existing);
    expect(() => mergeSessionEntry(existing, { input_tokens: -1 })).toThrow(
      new Error('Invalid session entry: input_tokens: Too small: expected number to be >=0'),
    );
    expect(existing).toEqual(before);
  });

  it('rejects an unknown chat type, naming the field and the allowed values', () => {
    expect(() => mergeSessionEntry(entry(), { chat_type: 'dm' as never })).toThrow(
      new Error('Invalid session entry: chat_type: Invalid option: expected one of "direct"|"group"|"channel"'),
    );
  });

  it('rejects a non-numeric updated_at with a type error rather than NaN', () => {
    expect(() => mergeSessionEntry(entry(), { updated_at: 'soon' as never })).toThrow(
      new Error('Invalid session entry: updated_at: Invalid input: expected number, received string'),
    );
  });

  it('lists every invalid field at once', () => {
    expect(() => mergeSessionEntry(entry(), { label: 5 as never, input_tokens: 1.5 })).toThrow(
      new Error(
        'Invalid session entry: label: Invalid input: expected string, received number; input_tokens: Invalid input: expected int, received number',
      ),
    );
  });

  it('rejects an empty session id', () => {
    expect(() => mergeSessionEntry(entry(), { session_id: '' })).toThrow(
      new Error('Invalid session entry: session_id: Too small: expected string to have >=1 characters'),
    );
  });

  it('refuses to clear session_id', () => {
    expect(() => mergeSessionEntry(entry(), { session_id: null })).toThrow(
      new Error('Invalid session entry patch: session_id cannot be cleared (got null)'),
    );
  });

  it('refuses to clear updated_at', () => {
    expect(() => mergeSessionEntry(entry(), { updated_at: null })).toThrow(
      new Error('Invalid session entry patch: updated_at cannot be cleared (got null)'),
    );
  });
});
