import { afterEach, describe, expect, it } from 'vitest';
import {
  logError,
  logFatal,
  logInfo,
  logSuccess,
  logWarn,
  resetLogger,
  setupLogger,
} from '../../../src-main/core/logging/index.js';
import { FIXED_TIME, createMemorySink } from './memory-sink.js';

function setupConsole(style: 'pretty' | 'compact' | 'json', colors = false) {
  const sink = createMemorySink();
  setupLogger({ level: 'trace', console_style: style }, { console: sink, colors, clock: () => FIXED_TIME });
  return sink;
}

afterEach(() => {
  resetLogger();
});

describe('pretty console style', () => {
  it('prints time, padded level, message and key=value fields', () => {
    const sink = setupConsole('pretty');
    logInfo('gateway started', { port: 18789, host: '127.0.0.1', tls: false });
    expect(sink.lines).toEqual(['09:05:07.042 INFO    gateway started port=18789 host=127.0.0.1 tls=false']);
  });

  it('quotes string values with spaces or quotes and writes objects as JSON', () => {
    const sink = setupConsole('pretty');
    logWarn('odd values', { note: 'two words', empty: '', quote: 'say "hi"', list: [1, 'a'], nested: { a: null } });
    expect(sink.lines).toEqual([
      '09:05:07.042 WARN    odd values note="two words" empty="" quote="say \\"hi\\"" list=[1,"a"] nested={"a":null}',
    ]);
  });

  it('shows an Error field as name and message and skips undefined fields', () => {
    const sink = setupConsole('pretty');
    logError('request failed', { error: new TypeError('bad url'), missing: undefined });
    expect(sink.lines).toEqual(['09:05:07.042 ERROR   request failed error="TypeError: bad url"']);
  });

  it('marks fatal and success messages with their own level names', () => {
    const sink = setupConsole('pretty');
    logFatal('cannot bind');
    logSuccess('connected');
    expect(sink.lines).toEqual(['09:05:07.042 FATAL   cannot bind', '09:05:07.042 SUCCESS connected']);
  });

  it('colours the level, dims time and field names when colours are on', () => {
    const sink = setupConsole('pretty', true);
    logSuccess('connected', { bot: 'claw' });
    expect(sink.lines).toEqual([
      '\x1b[2m09:05:07.042\x1b[0m \x1b[32mSUCCESS\x1b[0m connected \x1b[2mbot=\x1b[0mclaw',
    ]);
  });

  it('uses no colours for a sink that is not a TTY unless asked', () => {
    const sink = createMemorySink();
    setupLogger({ console_style: 'pretty' }, { console: sink, clock: () => FIXED_TIME });
    logError('plain');
    expect(sink.lines).toEqual(['09:05:07.042 ERROR   plain']);
  });

  it('uses colours by default for a TTY sink', () => {
    const sink = { ...createMemorySink(), isTTY: true };
    const lines = sink.lines;
    setupLogger({ console_style: 'pretty' }, { console: sink, clock: () => FIXED_TIME });
    logError('loud');
    expect(lines).toEqual(['\x1b[2m09:05:07.042\x1b[0m \x1b[31mERROR  \x1b[0m loud']);
  });
});

describe('compact console style', () => {
  it('prints one short line: time to the second, one-letter level, message, fields', () => {
    const sink = setupConsole('compact');
    logWarn('disk low', { free_mb: 12 });
    expect(sink.lines).toEqual(['09:05:07 W disk low free_mb=12']);
  });

  it('folds a multi-line message onto one line', () => {
    const sink = setupConsole('compact');
    logInfo('first line\n  second   line\n');
    expect(sink.lines).toEqual(['09:05:07 I first line second line']);
  });

  it('marks fatal as F and success as S', () => {
    const sink = setupConsole('compact');
    logFatal('down');
    logSuccess('up');
    expect(sink.lines).toEqual(['09:05:07 F down', '09:05:07 S up']);
  });
});

describe('json console style', () => {
  it('prints one JSON object per line with time, level, message and fields', () => {
    const sink = setupConsole('json');
    logInfo('session updated', { key: 'agent:main:main', tokens: 42 });
    expect(sink.lines).toHaveLength(1);
    expect(JSON.parse(sink.lines[0] ?? '')).toEqual({
      time: new Date(FIXED_TIME).toISOString(),
      level: 'info',
      message: 'session updated',
      fields: { key: 'agent:main:main', tokens: 42 },
    });
  });

  it('keeps a multi-line message on one line', () => {
    const sink = setupConsole('json');
    logInfo('a\nb');
    expect(sink.lines).toHaveLength(1);
    expect((JSON.parse(sink.lines[0] ?? '') as { message: string }).message).toBe('a\nb');
  });

  it('never colours JSON, even when colours are on', () => {
    const sink = setupConsole('json', true);
    logFatal('down');
    expect(JSON.parse(sink.lines[0] ?? '')).toEqual({
      time: new Date(FIXED_TIME).toISOString(),
      level: 'fatal',
      message: 'down',
      fields: {},
    });
  });
});
