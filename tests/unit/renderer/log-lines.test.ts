import { describe, expect, it } from 'vitest';
import type { LogLine } from '../../../src-shared/protocol/logs.js';
import {
  applyTailResult,
  appendGatewayLines,
  filterLogLines,
  INITIAL_LOG_VIEW_STATE,
  LOG_VIEW_CAPACITY,
  replaceLines,
  resolveLevelRank,
  resolveLogExport,
} from '../../../src-renderer/features/logs/log-lines.js';

function line(seq: number, level: LogLine['level'] = 'info', message = `line ${seq}`, fields?: Record<string, unknown>): LogLine {
  return { seq, time: `2025-01-02T03:04:${String(seq % 60).padStart(2, '0')}.000Z`, level, message, ...(fields ? { fields } : {}) };
}

describe('appendGatewayLines', () => {
  it('keeps lines in order and remembers the last seq as the cursor', () => {
    const state = appendGatewayLines(INITIAL_LOG_VIEW_STATE, [line(1), line(2)]);
    expect(state.lines.map((l) => l.seq)).toEqual([1, 2]);
    expect(state.cursor).toBe(2);
    expect(state.lines.map((l) => l.id)).toEqual([1, 2]);
  });

  it('skips lines already seen (a push racing a read)', () => {
    const state = appendGatewayLines(appendGatewayLines(INITIAL_LOG_VIEW_STATE, [line(1), line(2)]), [line(2), line(3)]);
    expect(state.lines.map((l) => l.seq)).toEqual([1, 2, 3]);
  });

  it('marks how many lines the gateway no longer had between two reads', () => {
    const state = appendGatewayLines(appendGatewayLines(INITIAL_LOG_VIEW_STATE, [line(1)]), [line(7), line(8)]);
    expect(state.lines[1]).toMatchObject({ seq: 7, missedBefore: 5 });
    expect(state.lines[2]?.missedBefore).toBeUndefined();
  });

  it('marks a restart and numbers from the new process without treating it as a gap', () => {
    const before = appendGatewayLines(INITIAL_LOG_VIEW_STATE, [line(40), line(41)]);
    const state = appendGatewayLines(before, [line(1), line(2)], { restarted: true });
    expect(state.lines.map((l) => l.seq)).toEqual([40, 41, 1, 2]);
    expect(state.lines[2]).toMatchObject({ restartedBefore: true });
    expect(state.lines[2]?.missedBefore).toBeUndefined();
    expect(state.cursor).toBe(2);
  });

  it('keeps the newest LOG_VIEW_CAPACITY lines and counts the dropped ones', () => {
    const many = Array.from({ length: LOG_VIEW_CAPACITY + 5 }, (_, index) => line(index + 1));
    const state = appendGatewayLines(INITIAL_LOG_VIEW_STATE, many);
    expect(state.lines).toHaveLength(LOG_VIEW_CAPACITY);
    expect(state.lines[0]?.seq).toBe(6);
    expect(state.dropped).toBe(5);
  });
});

describe('applyTailResult', () => {
  it('takes the gateway cursor when a read returns no lines', () => {
    expect(applyTailResult(INITIAL_LOG_VIEW_STATE, { lines: [], cursor: 12 }).cursor).toBe(12);
  });

  it('counts lines dropped before a read as missed before the next one', () => {
    const state = applyTailResult(INITIAL_LOG_VIEW_STATE, { lines: [line(3)], cursor: 3 });
    expect(applyTailResult(state, { lines: [line(2_010)], cursor: 2_010 }).lines[1]?.missedBefore).toBe(2_006);
  });
});

describe('filterLogLines', () => {
  const state = appendGatewayLines(INITIAL_LOG_VIEW_STATE, [
    line(1, 'debug', 'polling'),
    line(2, 'info', 'Gateway listening'),
    line(3, 'warn', 'Config invalid', { path: '/home/a/openclaw.yaml' }),
    line(4, 'error', 'Bot failed'),
  ]);

  it('keeps the chosen level and every more severe one', () => {
    expect(filterLogLines(state.lines, { level: 'warn', search: '' }).map((l) => l.seq)).toEqual([3, 4]);
    expect(filterLogLines(state.lines, { level: 'info', search: '' }).map((l) => l.seq)).toEqual([2, 3, 4]);
  });

  it('searches the message and the fields, ignoring case', () => {
    expect(filterLogLines(state.lines, { level: '', search: 'GATEWAY' }).map((l) => l.seq)).toEqual([2]);
    expect(filterLogLines(state.lines, { level: '', search: 'openclaw.yaml' }).map((l) => l.seq)).toEqual([3]);
  });

  it('ranks a level the gateway does not use (the desktop log) as info', () => {
    expect(resolveLevelRank('verbose')).toBe(resolveLevelRank('info'));
    const desktop = replaceLines(INITIAL_LOG_VIEW_STATE, [{ time: 't', level: 'verbose', message: 'window ready' }]);
    expect(filterLogLines(desktop.lines, { level: 'info', search: '' })).toHaveLength(1);
    expect(filterLogLines(desktop.lines, { level: 'warn', search: '' })).toHaveLength(0);
  });
});

describe('resolveLogExport', () => {
  const state = appendGatewayLines(INITIAL_LOG_VIEW_STATE, [line(1, 'info', 'Gateway listening'), line(2, 'warn', 'Slow', { ms: 900 })]);

  it('writes one JSON object per line, oldest first', () => {
    const rows = resolveLogExport(state.lines, 'jsonl').trimEnd().split('\n').map((row) => JSON.parse(row) as Record<string, unknown>);
    expect(rows).toEqual([
      { seq: 1, time: '2025-01-02T03:04:01.000Z', level: 'info', message: 'Gateway listening' },
      { seq: 2, time: '2025-01-02T03:04:02.000Z', level: 'warn', message: 'Slow', fields: { ms: 900 } },
    ]);
  });

  it('writes plain text lines with the level and the fields', () => {
    expect(resolveLogExport(state.lines, 'txt')).toBe(
      '2025-01-02T03:04:01.000Z INFO    Gateway listening\n2025-01-02T03:04:02.000Z WARN    Slow {"ms":900}\n',
    );
  });

  it('writes nothing for no lines', () => {
    expect(resolveLogExport([], 'txt')).toBe('');
  });
});
