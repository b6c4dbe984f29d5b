import { open } from 'node:fs/promises';
import type { DesktopLog, DesktopLogLine } from '../../src-shared/desktop-api.js';
import { describeError } from '../../src-shared/utils/common.js';

// desktop.log for the dashboard's Logs page: electron-log's text lines parsed back into entries.
// No Electron here, so the parser and the reader are tested on real files.

/** The Logs page shows this many of the newest entries. */
export const DESKTOP_LOG_MAX_LINES = 500;
/** Only the end of the file is read: 500 entries fit in far less, and a 1 MB log is not read whole on every refresh. */
const DESKTOP_LOG_TAIL_BYTES = 256 * 1024;

// electron-log's file format: `[{y}-{m}-{d} {h}:{i}:{s}.{ms}] [{level}]{scope} {text}`, with spaces
// after the level aligning the text (`[info]  text`, `[error] text`) and {scope} ` (name)` or empty.
const ENTRY_PATTERN = /^\[(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3})\] \[([a-z]+)\] *(?:\(([^)]*)\) *)?(.*)$/;

/**
 * Parses electron-log's text format into entries, oldest first: a line without the `[time] [level]`
 * prefix continues the entry before it (a stack trace, a multi-line message), or, at the very top of
 * a tail, becomes an entry of its own with an empty time and level `info`. Keeps the newest `limit`.
 */
export function resolveDesktopLogLines(text: string, limit = DESKTOP_LOG_MAX_LINES): DesktopLogLine[] {
  const entries: DesktopLogLine[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = ENTRY_PATTERN.exec(line);
    if (match) {
      const [, time = '', level = '', scope, message = ''] = match;
      entries.push({ time, level, message: scope ? `(${scope}) ${message}` : message });
      continue;
    }
    const last = entries.at(-1);
    if (last) last.message = `${last.message}\n${line}`;
    else if (line.trim() !== '') entries.push({ time: '', level: 'info', message: line });
  }
  // The file ends with a newline: its empty last "line" is not part of the final entry.
  for (const entry of entries) entry.message = entry.message.replace(/\n+$/, '');
  return entries.slice(-limit);
}

/**
 * Reads the newest entries of desktop.log (its last 256 KiB), each message passed through `scrub`
 * (secrets the app learned after a line was written are hidden too); a missing file is an empty log.
 */
export async function readDesktopLog(options: { file: string; scrub: (text: string) => string; limit?: number }): Promise<DesktopLog> {
  let text: string;
  try {
    const handle = await open(options.file, 'r');
    try {
      const { size } = await handle.stat();
      const start = Math.max(0, size - DESKTOP_LOG_TAIL_BYTES);
      const buffer = Buffer.alloc(size - start);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, start);
      text = buffer.subarray(0, bytesRead).toString('utf8');
      // A tail starts mid-line (maybe mid-character): drop that partial first line.
      if (start > 0) text = text.slice(text.indexOf('\n') + 1);
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { file: options.file, lines: [] };
    throw new Error(`Could not read the desktop log ${options.file}: ${describeError(error)}`);
  }
  const lines = resolveDesktopLogLines(text, options.limit ?? DESKTOP_LOG_MAX_LINES).map((line) => ({
    ...line,
    message: options.scrub(line.message),
  }));
  return { file: options.file, lines };
}
