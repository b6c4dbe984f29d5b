import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DesktopLogSchema } from '../../../src-shared/desktop-api.js';
import { DESKTOP_LOG_MAX_LINES, readDesktopLog, resolveDesktopLogLines } from '../../../src-main/electron/desktop-log.js';

// Lines as electron-log's file transport writes them (levels padded to align the text, as in a real desktop.log).
const SAMPLE = [
  '[2026-05-01 14:03:07.123] [info]  OpenClaw Desktop 0.1.0 starting; config /home/me/.openclaw/openclaw.yaml',
  '[2026-05-01 14:03:07.456] [warn]  Quick chat shortcut "Alt+Shift+Space" is taken by another app',
  '[2026-05-01 14:03:08.001] [error] (updater)   Update check failed: Error: boom',
  '    at check (file:///app/updater.js:10:5)',
  '    at run (file:///app/updater.js:20:3)',
  '[2026-05-01 14:03:09.000] [info]  Gateway running on http://127.0.0.1:18789/',
  '',
].join('\n');

describe('the desktop log', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'openclaw-desktop-log-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('parses time, level and message, scope included, from electron-log lines', () => {
    const lines = resolveDesktopLogLines(SAMPLE);
    expect(lines.map((line) => [line.time, line.level])).toEqual([
      ['2026-05-01 14:03:07.123', 'info'],
      ['2026-05-01 14:03:07.456', 'warn'],
      ['2026-05-01 14:03:08.001', 'error'],
      ['2026-05-01 14:03:09.000', 'info'],
    ]);
    expect(lines[0]?.message).toBe('OpenClaw Desktop 0.1.0 starting; config /home/me/.openclaw/openclaw.yaml');
    expect(lines[2]?.message).toBe(
      '(updater) Update check failed: Error: boom\n    at check (file:///app/updater.js:10:5)\n    at run (file:///app/updater.js:20:3)',
    );
  });

  it('keeps unstamped text at the top of a tail as an entry of its own', () => {
    expect(resolveDesktopLogLines('    at tail (x.js:1:1)\n[2026-05-01 14:03:09.000] [info] ok\n')).toEqual([
      { time: '', level: 'info', message: '    at tail (x.js:1:1)' },
      { time: '2026-05-01 14:03:09.000', level: 'info', message: 'ok' },
    ]);
  });

  it(`returns the newest ${DESKTOP_LOG_MAX_LINES} entries, oldest first`, async () => {
    const file = path.join(dir, 'desktop.log');
    const text = Array.from({ length: 700 }, (_, i) => `[2026-05-01 14:03:07.123] [info] line ${i}`).join('\n');
    await writeFile(file, `${text}\n`);
    const log = await readDesktopLog({ file, scrub: (line) => line });
    expect(log.file).toBe(file);
    expect(log.lines).toHaveLength(DESKTOP_LOG_MAX_LINES);
    expect(log.lines[0]?.message).toBe('line 200');
    expect(log.lines.at(-1)?.message).toBe('line 699');
    expect(DesktopLogSchema.parse(log)).toEqual(log);
  });

  it('reads only the end of a large file, starting at a whole line', async () => {
    const file = path.join(dir, 'desktop.log');
    const long = 'x'.repeat(1_000);
    const text = Array.from({ length: 600 }, (_, i) => `[2026-05-01 14:03:07.123] [info] ${i} ${long}`).join('\n');
    await writeFile(file, `${text}\n`);
    const log = await readDesktopLog({ file, scrub: (line) => line });
    expect(log.lines.length).toBeGreaterThan(100);
    expect(log.lines.every((line) => line.time === '2026-05-01 14:03:07.123')).toBe(true);
    expect(log.lines.at(-1)?.message.startsWith('599 ')).toBe(true);
  });

  it('passes every message through the scrubber', async () => {
    const file = path.join(dir, 'desktop.log');
    await writeFile(file, '[2026-05-01 14:03:07.123] [error] provider said: bad key sk-live-123\n');
    const log = await readDesktopLog({ file, scrub: (line) => line.replaceAll('sk-live-123', '***') });
    expect(log.lines).toEqual([{ time: '2026-05-01 14:03:07.123', level: 'error', message: 'provider said: bad key ***' }]);
  });

  it('is empty when the app has not written its log yet', async () => {
    const file = path.join(dir, 'missing', 'desktop.log');
    await expect(readDesktopLog({ file, scrub: (line) => line })).resolves.toEqual({ file, lines: [] });
  });

  it('names the file when it cannot be read', async () => {
    await expect(readDesktopLog({ file: dir, scrub: (line) => line })).rejects.toThrow(`Could not read the desktop log ${dir}:`);
  });
});
