import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../unit/sessions/helpers.js';
import { useFixtureProcesses } from './child-process.js';

const tempDir = useTempDirs();
const launch = useFixtureProcesses();

describe('concurrent writers in several processes', () => {
  it('two processes × 200 concurrent updates (10 lanes each) adding their own keys end with exactly 400 entries', async () => {
    const storePath = path.join(await tempDir(), 'sessions.json');
    const workers = ['a', 'b'].map((prefix) => launch('update-worker', [storePath, prefix, '200']));
    await Promise.all(workers.map((w) => w.waitForLine(/^ready$/, 20_000)));
    for (const worker of workers) worker.child.stdin.write('go\n');
    const exits = await Promise.all(workers.map((w) => w.exited));
    expect(exits.map((e) => [e.code, e.stderr])).toEqual([
      [0, ''],
      [0, ''],
    ]);
    const keys = Object.keys(JSON.parse(await readFile(storePath, 'utf8')) as object);
    expect(keys).toHaveLength(400);
    for (const prefix of ['a', 'b']) {
      for (let i = 0; i < 200; i += 1) expect(keys).toContain(`${prefix}-${i}`);
    }
    expect(await readdir(path.dirname(storePath))).toEqual(['sessions.json']);
  });
});
