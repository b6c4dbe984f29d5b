import { describe, expect, it } from 'vitest';
import type { FrameRecord } from '../../../src-shared/client/ws-connection.js';
import { createEventLog, RATE_WINDOW_SECONDS } from '../../../src-renderer/features/events/event-log.js';
import { filterEventEntries } from '../../../src-renderer/features/events/event-filter.js';
import { resolveEventExport } from '../../../src-renderer/features/events/export-events.js';

const T0 = 1_700_000_000_000;

function event(seq: number, at = T0, connection = 1, name = 'session.updated'): FrameRecord {
  return { direction: 'in', at, connection, bytes: 40, frame: { type: 'event', event: name, params: { seq }, seq } };
}

describe('event log', () => {
  it('keeps at most its capacity, dropping the oldest and counting them', () => {
    const log = createEventLog({ capacity: 100 });
    for (let seq = 1; seq <= 1000; seq += 1) log.push(event(seq));
    const entries = log.entries();
    expect(entries).toHaveLength(100);
    expect(entries[0]?.seq).toBe(901);
    expect(entries.at(-1)?.seq).toBe(1000);
    expect(log.droppedCount()).toBe(900);
  });

  it('returns the same array until something changes', () => {
    const log = createEventLog();
    log.push(event(1));
    const first = log.entries();
    expect(log.entries()).toBe(first);
    log.push(event(2));
    expect(log.entries()).not.toBe(first);
  });

  it('marks a gap in seq per connection, not across connections', () => {
    const log = createEventLog();
    for (const record of [event(1), event(2), event(6), event(1, T0, 2), event(2, T0, 2)]) log.push(record);
    expect(log.entries().map((entry) => entry.gap)).toEqual([0, 0, 3, 0, 0]);
  });

  it('holds frames while paused, bounded, and appends them on resume', () => {
    const log = createEventLog({ capacity: 10 });
    log.push(event(1));
    log.pause();
    for (let seq = 2; seq <= 30; seq += 1) log.push(event(seq));
    expect(log.entries()).toHaveLength(1);
    expect(log.pendingCount()).toBe(10);
    log.resume();
    expect(log.entries().map((entry) => entry.seq)).toEqual([21, 22, 23, 24, 25, 26, 27, 28, 29, 30]);
    expect(log.isPaused()).toBe(false);
  });

  it('names a response after the method of its request', () => {
    const log = createEventLog();
    log.push({ direction: 'out', at: T0, connection: 1, bytes: 10, frame: { type: 'request', id: 'req-1', method: 'sessions.list', params: {} } });
    log.push({ direction: 'in', at: T0, connection: 1, bytes: 10, frame: { type: 'response', id: 'req-1', result: {} } });
    expect(log.entries().map((entry) => [entry.kind, entry.name])).toEqual([
      ['request', 'sessions.list'],
      ['response', 'sessions.list'],
    ]);
  });

  it('counts incoming events per second over the last minute', () => {
    const log = createEventLog();
    for (let index = 0; index < 5; index += 1) log.push(event(index + 1, T0));
    log.push(event(6, T0 + 1000));
    const series = log.rate(T0 + 1500);
    expect(series).toHaveLength(RATE_WINDOW_SECONDS);
    expect(series.slice(-2)).toEqual([5, 1]);
    expect(log.rate(T0 + 120_000).every((count) => count === 0)).toBe(true);
  });

  it('clears everything', () => {
    const log = createEventLog({ capacity: 2 });
    for (let seq = 1; seq <= 5; seq += 1) log.push(event(seq));
    log.clear();
    expect(log.entries()).toEqual([]);
    expect(log.droppedCount()).toBe(0);
  });

  it('filters by name, direction and text, and exports what is shown', () => {
    const log = createEventLog();
    log.push(event(1, T0, 1, 'session.updated'));
    log.push(event(2, T0, 1, 'config.reloaded'));
    log.push({ direction: 'out', at: T0, connection: 1, bytes: 5, frame: { type: 'request', id: 'x', method: 'ping', params: {} } });
    expect(filterEventEntries(log.entries(), { name: 'config.reloaded', direction: '', search: '' })).toHaveLength(1);
    expect(filterEventEntries(log.entries(), { name: '', direction: 'out', search: '' })).toHaveLength(1);
    const found = filterEventEntries(log.entries(), { name: '', direction: '', search: 'CONFIG' });
    expect(found.map((entry) => entry.name)).toEqual(['config.reloaded']);
    const exported = JSON.parse(resolveEventExport(found, 'http://127.0.0.1:1', T0)) as Record<string, unknown>;
    expect(exported).toEqual({
      gateway: 'http://127.0.0.1:1',
      exported_at: new Date(T0).toISOString(),
      count: 1,
      frames: [{ at: new Date(T0).toISOString(), direction: 'in', connection: 1, seq: 2, frame: event(2, T0, 1, 'config.reloaded').frame }],
    });
  });

  it('holds 5,000 frames of a busy hour within its bound', () => {
    const log = createEventLog();
    for (let seq = 1; seq <= 20_000; seq += 1) log.push(event(seq, T0 + seq * 180));
    expect(log.entries()).toHaveLength(5000);
    expect(log.capacity).toBe(5000);
  });
});
