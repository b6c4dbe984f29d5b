import { chmod, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '../../../src-main/core/runtime.js';
import { makeTempState, type TempState } from './helpers.js';

let runtime: Runtime | undefined;
let state: TempState | undefined;
afterEach(async () => {
  await runtime?.close();
  await state?.cleanup();
  runtime = undefined;
  state = undefined;
});

const modeOf = async (target: string): Promise<number> => (await stat(target)).mode & 0o777;

describe.skipIf(process.platform === 'win32')('state dir and log file modes', () => {
  it('a run makes the state dir and logs/ 0700 and the log file 0600, an older 0755 state dir included', async () => {
    state = await makeTempState();
    await chmod(state.dir, 0o755);
    await state.writeConfig('logging:\n  console_level: silent\n');
    runtime = createRuntime({ env: state.env, portOverride: 0 });
    expect((await runtime.start()).state).toBe('running');
    expect(await modeOf(state.dir)).toBe(0o700);
    expect(await modeOf(path.join(state.dir, 'logs'))).toBe(0o700);
    expect(await modeOf(path.join(state.dir, 'logs', 'openclaw.log'))).toBe(0o600);
  });
});
