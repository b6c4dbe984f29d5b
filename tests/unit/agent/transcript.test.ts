import { appendFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendTranscriptLines, readTranscript, resolveTranscriptPath } from '../../../src-main/core/agent/transcript.js';

const line = (content: string, ts: number) => ({ role: 'user' as const, content, ts, run_id: 'r1' });

describe('transcripts', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  const tempDir = async (): Promise<string> => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'openclaw-transcript-'));
    dirs.push(dir);
    return dir;
  };

  it('appends one JSON object a line, creating the file 0600 in a 0700 folder', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'sessions', 's1.jsonl');
    await appendTranscriptLines(file, [line('a', 1)]);
    await appendTranscriptLines(file, [line('b', 2)]);
    expect(await readFile(file, 'utf8')).toBe('{"role":"user","content":"a","ts":1,"run_id":"r1"}\n{"role":"user","content":"b","ts":2,"run_id":"r1"}\n');
    if (process.platform !== 'win32') {
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    }
  });

  it('reads a missing transcript as empty', async () => {
    expect(await readTranscript(path.join(await tempDir(), 'none.jsonl'))).toEqual({ lines: [], skipped: 0 });
  });

  it('skips a torn last line left by a crash and counts it', async () => {
    const file = path.join(await tempDir(), 's.jsonl');
    await appendTranscriptLines(file, [line('whole', 1)]);
    await appendFile(file, '{"role":"assistant","content":"half an ans');
    expect(await readTranscript(file)).toEqual({ lines: [line('whole', 1)], skipped: 1 });
  });

  it('starts a new line after a torn one, so the next message stays readable', async () => {
    const file = path.join(await tempDir(), 's.jsonl');
    await writeFile(file, '{"role":"user","content":"a","ts":1,"run_id":"r1"}\n{"role":"assis');
    await appendTranscriptLines(file, [line('next', 2)]);
    expect(await readTranscript(file)).toEqual({ lines: [line('a', 1), line('next', 2)], skipped: 1 });
  });

  it('skips lines that are JSON but not transcript lines, keeping the rest and unknown fields', async () => {
    const file = path.join(await tempDir(), 's.jsonl');
    await writeFile(file, '{"type":"session","version":1}\n{"role":"user","content":"a","ts":1,"run_id":"r1","tool":"x"}\n\n');
    expect(await readTranscript(file)).toEqual({ lines: [{ ...line('a', 1), tool: 'x' }], skipped: 1 });
  });

  it('refuses a session id that could leave the sessions folder', () => {
    expect(resolveTranscriptPath('/s', 'abc-123_x.y')).toBe(path.join('/s', 'abc-123_x.y.jsonl'));
    expect(() => resolveTranscriptPath('/s', '../etc/passwd')).toThrow(
      'Session id "../etc/passwd" cannot name a transcript file (letters, digits, ".", "_" and "-" only); give the session a new session_id in the session store',
    );
    expect(() => resolveTranscriptPath('/s', 'a..b')).toThrow('cannot name a transcript file');
  });
});
