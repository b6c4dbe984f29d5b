import { createHash } from 'node:crypto';
import { chmod, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyDefaults } from '../../../src-main/core/config/defaults.js';
import { readConfigFileSnapshot } from '../../../src-main/core/config/loader.js';
import { ConfigFileSnapshotSchema } from '../../../src-shared/config/snapshot.js';
import { useTempDirs } from './temp-dir.js';

const makeTempDir = useTempDirs();
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

async function writeConfig(name: string, content: string): Promise<string> {
  const file = path.join(await makeTempDir(), name);
  await writeFile(file, content);
  return file;
}

describe('readConfigFileSnapshot', () => {
  it('describes a valid file with raw text, parsed value, config and sha256 hash', async () => {
    const raw = 'gateway:\n  port: 18790\n';
    const file = await writeConfig('openclaw.yaml', raw);
    const before = Date.now();
    const snapshot = await readConfigFileSnapshot(file);
    expect(ConfigFileSnapshotSchema.parse(snapshot)).toEqual(snapshot);
    expect(snapshot).toMatchObject({
      path: file,
      exists: true,
      raw,
      parsed: { gateway: { port: 18790 } },
      valid: true,
      hash: sha256(raw),
      issues: [],
      warnings: [],
    });
    expect(snapshot.config).toEqual(applyDefaults({ gateway: { port: 18790 } }));
    expect(snapshot.loaded_at).toBeGreaterThanOrEqual(before);
    expect(snapshot.loaded_at).toBeLessThanOrEqual(Date.now());
  });

  it('keeps the hash stable for the same content and changes it with the content', async () => {
    const file = await writeConfig('openclaw.yaml', 'identity:\n  name: A\n');
    const first = await readConfigFileSnapshot(file);
    expect((await readConfigFileSnapshot(file)).hash).toBe(first.hash);
    await writeFile(file, 'identity:\n  name: B\n');
    expect((await readConfigFileSnapshot(file)).hash).toBe(sha256('identity:\n  name: B\n'));
  });

  it('reports a missing file as valid defaults with exists false', async () => {
    const file = path.join(await makeTempDir(), 'openclaw.yaml');
    const snapshot = await readConfigFileSnapshot(file);
    expect(snapshot).toMatchObject({ path: file, exists: false, raw: null, parsed: null, valid: true, hash: null, issues: [] });
    expect(snapshot.config).toEqual(applyDefaults());
  });

  it('resolves the path from the env when none is given', async () => {
    const state = await makeTempDir();
    await writeFile(path.join(state, 'openclaw.json'), '{}');
    expect((await readConfigFileSnapshot(undefined, { OPENCLAW_STATE_DIR: state })).path).toBe(path.join(state, 'openclaw.json'));
  });

  it('keeps raw and hash when the YAML is invalid and reports the line', async () => {
    const raw = 'gateway:\n  port: 1\n\thost: x\n';
    const file = await writeConfig('openclaw.yaml', raw);
    const snapshot = await readConfigFileSnapshot(file);
    expect(snapshot).toMatchObject({ exists: true, raw, hash: sha256(raw), parsed: null, valid: false, config: null });
    expect(snapshot.issues).toEqual([
      { path: '', message: `Failed to parse ${file} at line 3, column 1: a tab is used for indentation; indent with spaces` },
    ]);
    expect(await readFile(file, 'utf8')).toBe(raw);
  });

  it('reports a missing env var as an issue at its config path, keeping the parsed file', async () => {
    const raw = 'telegram:\n  bot_token: ${TG_TOKEN}\n';
    const file = await writeConfig('openclaw.yaml', raw);
    const snapshot = await readConfigFileSnapshot(file, {});
    expect(snapshot).toMatchObject({ valid: false, config: null, raw, hash: sha256(raw) });
    expect(snapshot.parsed).toEqual({ telegram: { bot_token: '${TG_TOKEN}' } });
    expect(snapshot.issues).toEqual([
      { path: 'telegram.bot_token', message: 'Missing env var "TG_TOKEN" referenced at config path: telegram.bot_token' },
    ]);
  });

  it('lists validation issues by key path', async () => {
    const file = await writeConfig('openclaw.json', '{"gateway": {"port": 70000}, "logging": {"level": "loud"}}');
    const snapshot = await readConfigFileSnapshot(file);
    expect(snapshot.valid).toBe(false);
    expect(snapshot.issues.map((issue) => issue.path)).toEqual(['logging.level', 'gateway.port']);
  });

  it('reports unknown keys as warnings with a did-you-mean while staying valid', async () => {
    const file = await writeConfig('openclaw.yaml', 'gatway:\n  port: 1\n');
    const snapshot = await readConfigFileSnapshot(file);
    expect(snapshot.valid).toBe(true);
    expect(snapshot.warnings).toEqual([{ path: 'gatway', message: 'Unknown config key "gatway" (did you mean "gateway"?)' }]);
  });

  it('does not throw for a directory in place of the file', async () => {
    const dir = path.join(await makeTempDir(), 'openclaw.yaml');
    await mkdir(dir);
    const snapshot = await readConfigFileSnapshot(dir);
    expect(snapshot).toMatchObject({ exists: true, valid: false, raw: null, config: null });
    expect(snapshot.issues).toEqual([
      {
        path: '',
        message: `Config path ${dir} is a directory, not a file; remove it or set OPENCLAW_CONFIG_PATH to a YAML or JSON file`,
      },
    ]);
  });

  it('does not throw for a symlink loop', async () => {
    const dir = await makeTempDir();
    const file = path.join(dir, 'openclaw.yaml');
    await symlink(path.join(dir, 'other.yaml'), file);
    await symlink(file, path.join(dir, 'other.yaml'));
    const snapshot = await readConfigFileSnapshot(file);
    expect(snapshot).toMatchObject({ exists: true, valid: false, config: null });
    expect(snapshot.issues[0]?.message).toBe(
      `Cannot read config file ${file}: too many levels of symbolic links (ELOOP); point the link at a real file or folder`,
    );
  });

  // root reads any file whatever its mode, so only an ordinary user can observe EACCES.
  it.skipIf(process.platform === 'win32' || process.getuid?.() === 0)('does not throw for an unreadable file', async () => {
    const file = await writeConfig('openclaw.yaml', 'gateway: {}\n');
    await chmod(file, 0o000);
    const snapshot = await readConfigFileSnapshot(file);
    expect(snapshot).toMatchObject({ exists: true, valid: false, config: null });
    expect(snapshot.issues[0]?.message).toBe(
      `Cannot read config file ${file}: permission denied (EACCES); let this user read it (e.g. chmod 600 ${file})`,
    );
  });
});
