import { describe, expect, it } from 'vitest';
import type { SessionEntry } from '../../../src-shared/sessions/entry.js';
import { applySessionRun, createSessionEntry, mergeSessionEntry, resolveFreshSession, type SessionRun } from '../../../src-shared/sessions/entry-operations.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function entry(overrides: Partial<SessionEntry> = {}): SessionEntry {
  return { session_id: 'sess-1', updated_at: 2_000, aborted_last_run: false, system_sent: false, compaction_count: 0, ...overrides };
}

const run = (overrides: Partial<SessionRun> = {}): SessionRun => ({ at: 5_000, trimmed: false, stopped: false, ...overrides });

describe('createSessionEntry', () => {
  it('starts with the given id, the given time and zeroed counters', () => {
    expect(createSessionEntry({ at: 7_000, sessionId: 'given' })).toEqual(entry({ session_id: 'given', updated_at: 7_000 }));
  });

  it('generates a random UUID when no id is given', () => {
    const first = createSessionEntry({ at: 1 });
    expect(first.session_id).toMatch(UUID);
    expect(createSessionEntry({ at: 1 }).session_id).not.toBe(first.session_id);
  });

  it('names the field when the time is not a timestamp', () => {
    expect(() => createSessionEntry({ at: -1 })).toThrow(/^Invalid session entry: updated_at: /);
  });
});

describe('resolveFreshSession', () => {
  const used = entry({
    label: 'Work',
    model_override: 'fake/m2',
    last_to: 'telegram:42',
    aborted_last_run: true,
    system_sent: true,
    compaction_count: 3,
    input_tokens: 10,
    output_tokens: 5,
    total_tokens: 15,
    extra: { cost_usd: 1.5, note: 'kept' },
  });

  it('gives a new id and time, zeroes counters and cost, keeps routing, label and overrides', () => {
    expect(resolveFreshSession(used, { at: 9_000, sessionId: 'fresh' })).toEqual({
      session_id: 'fresh',
      updated_at: 9_000,
      label: 'Work',
      model_override: 'fake/m2',
      last_to: 'telegram:42',
      aborted_last_run: false,
      system_sent: false,
      compaction_count: 0,
      extra: { cost_usd: 0, note: 'kept' },
    });
  });

  it('generates a random UUID when no id is given, and leaves the entry as it was', () => {
    const before = structuredClone(used);
    expect(resolveFreshSession(used, { at: 9_000 }).session_id).toMatch(UUID);
    expect(used).toEqual(before);
  });

  it('adds no extra to an entry that had none', () => {
    expect(resolveFreshSession(entry(), { at: 9_000, sessionId: 'fresh' }).extra).toBeUndefined();
  });
});

describe('applySessionRun', () => {
  const model = { provider: 'fake', id: 'm1', context_window: 8000 };

  it('records the model, adds the tokens and the cost, and moves updated_at forward', () => {
    const first = applySessionRun(entry(), run({ model, usage: { input_tokens: 10, output_tokens: 4, total_tokens: 14 }, costUsd: 0.1 }));
    const second = applySessionRun(first, run({ at: 6_000, model, usage: { input_tokens: 1, output_tokens: 1, total_tokens: 2 }, costUsd: 0.2 }));
    expect(second).toEqual(
      entry({
        updated_at: 6_000,
        model_provider: 'fake',
        model: 'm1',
        context_tokens: 8000,
        input_tokens: 11,
        output_tokens: 5,
        total_tokens: 16,
        extra: { cost_usd: 0.3 },
      }),
    );
  });

  it('keeps the later updated_at when the run ends before it', () => {
    expect(applySessionRun(entry({ updated_at: 9_000 }), run({ at: 5_000 })).updated_at).toBe(9_000);
  });

  it('marks a stopped run and counts a trimmed history as a compaction', () => {
    expect(applySessionRun(entry({ compaction_count: 2 }), run({ stopped: true, trimmed: true }))).toMatchObject({
      aborted_last_run: true,
      compaction_count: 3,
    });
    expect(applySessionRun(entry({ aborted_last_run: true }), run()).aborted_last_run).toBe(false);
  });

  it('counts no cost without usage', () => {
    expect(applySessionRun(entry(), run({ costUsd: 5 })).extra).toBeUndefined();
  });

  it('refuses a cost that is not a finite amount, leaving the entry as it was', () => {
    const before = entry({ extra: { cost_usd: 1 } });
    const usage = { input_tokens: 1, output_tokens: 1, total_tokens: 2 };
    expect(() => applySessionRun(before, run({ usage, costUsd: Number.NaN }))).toThrow('Invalid session run: costUsd must be a finite number');
    expect(() => applySessionRun(before, run({ usage, costUsd: -1 }))).toThrow('costUsd');
    expect(before).toEqual(entry({ extra: { cost_usd: 1 } }));
  });

  it('names a token count the schema refuses', () => {
    expect(() => applySessionRun(entry(), run({ usage: { input_tokens: -5, output_tokens: 0, total_tokens: 0 } }))).toThrow(
      /^Invalid session entry: input_tokens: /,
    );
  });
});

describe('mergeSessionEntry as the patch operation', () => {
  it('names the invalid field and leaves the entry untouched', () => {
    const before = entry({ label: 'Keep' });
    const copy = structuredClone(before);
    expect(() => mergeSessionEntry(before, { label: null, group_activation: 7 as never })).toThrow(/^Invalid session entry: group_activation: /);
    expect(before).toEqual(copy);
  });

  it('bumps updated_at to the later of now and the entry, as a PATCH does', () => {
    expect(mergeSessionEntry(entry({ updated_at: 2_000 }), { label: 'x', updated_at: 5_000 }, { now: 5_000 }).updated_at).toBe(5_000);
    expect(mergeSessionEntry(entry({ updated_at: 9_000 }), { label: 'x', updated_at: 5_000 }, { now: 5_000 }).updated_at).toBe(9_000);
  });
});
