import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HEADLESS, useNodeProcesses } from '../gateway/child.js';
import { httpRequest, makeTempState, TestClient, waitFor, type TempState } from '../gateway/helpers.js';

// An unquoted value starting with * is a YAML alias: the parser's own message quotes it, password and all.
const ALIAS_EDIT = 'gateway:\n  port: 18789\n  password: *Zq7secretPassword\n';
const MARK = 'Zq7';
const LISTENING = /OpenClaw gateway listening on (http:\/\/127\.0\.0\.1:\d+\/)\n/;

describe('config parse errors name key, line and column, never the value', () => {
  const launch = useNodeProcesses();
  const states: TempState[] = [];
  afterEach(async () => {
    await Promise.all(states.splice(0).map((state) => state.cleanup()));
  });
  async function tempState(config: string): Promise<TempState> {
    const state = await makeTempState();
    await state.writeConfig(config);
    states.push(state);
    return state;
  }

  it('a bad edit reaches the config.invalid event, the snapshot issues, the console and the log without the value', async () => {
    const state = await tempState('gateway:\n  port: 18789\n');
    const cli = launch(HEADLESS, ['--port', '0'], state.env);
    const [, url = ''] = await cli.waitForStdout(LISTENING);
    const { client } = await TestClient.connect(url);
    try {
      await state.writeConfig(ALIAS_EDIT);
      const invalid = await client.event('config.invalid', 10_000);
      const issues = invalid.params?.issues as { path: string; message: string }[];
      expect(issues).toEqual([
        {
          path: 'gateway.password',
          message: `Failed to parse ${state.configPath} at line 3, column 13 (key gateway.password): an alias (*name) names an anchor (&name) that is not defined above it; if the value is text starting with *, put it in quotes`,
        },
      ]);

      const snapshot = await httpRequest(`${url}api/config/snapshot`);
      expect(snapshot.status).toBe(200);
      expect(snapshot.json).toMatchObject({ valid: false, raw: null, issues });
      expect(snapshot.text).not.toContain(MARK);

      const logFile = path.join(state.dir, 'logs', 'openclaw.log');
      await waitFor(async () => (await readFile(logFile, 'utf8').catch(() => '')).includes('is invalid'), 5_000, 'the log line');
      await waitFor(() => cli.stderr().includes('is invalid'), 5_000, 'the console line');
      expect(cli.stderr()).toContain('key gateway.password');
      expect(cli.stderr()).not.toContain(MARK);
      expect(await readFile(logFile, 'utf8')).not.toContain(MARK);
    } finally {
      client.close();
      cli.child.kill('SIGTERM');
      await cli.exited;
    }
  });

  it('a start on that file fails (exit 3) naming key, line and column, without the value', async () => {
    const state = await tempState(ALIAS_EDIT);
    const cli = launch(HEADLESS, ['--port', '0'], state.env);
    expect((await cli.exited).code).toBe(3);
    expect(cli.stderr()).toContain(`Failed to parse ${state.configPath} at line 3, column 13 (key gateway.password)`);
    expect(cli.stderr() + cli.stdout()).not.toContain(MARK);
  });

  it('a JSON file whose parse error V8 would quote starts with an error that does not quote it', async () => {
    const state = await makeTempState();
    states.push(state);
    const configPath = path.join(state.dir, 'openclaw.json');
    await writeFile(configPath, '{\n  "gateway": { "password": Zq7secretPassword }\n}\n');
    const cli = launch(HEADLESS, ['--port', '0'], { ...state.env, OPENCLAW_CONFIG_PATH: configPath });
    expect((await cli.exited).code).toBe(3);
    expect(cli.stderr()).toContain(`Failed to parse ${configPath} at line 2, column 28 (key gateway.password): expected a value here`);
    expect(cli.stderr() + cli.stdout()).not.toContain(MARK);
  });
});
