// The loader reads only a regular file of at most 1 MiB; anything else is refused by name without being read.
import { execFileSync } from 'node:child_process';
import { symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigLoadError } from '../../../src-main/core/config/errors.js';
import { loadConfigFile, loadConfigSync, MAX_CONFIG_BYTES, readConfigFileSnapshot } from '../../../src-main/core/config/loader.js';
import { FileTooLargeError, formatByteSize, readRegularFile, readRegularFileSync } from '../../../src-main/core/utils/read-regular-file.js';
import { useTempDirs } from './temp-dir.js';

const makeTempDir = useTempDirs();
const posixOnly = it.skipIf(process.platform === 'win32');

/** A valid config of exactly `size` bytes: one comment line padded to fit. */
function configOfSize(size: number): string {
  const body = 'identity:\n  name: Padded\n';
  return `#${'x'.repeat(size - body.length - 2)}\n${body}`;
}

describe('config file kinds and size', () => {
  it('reads a config of exactly 1 MiB', async () => {
    const file = path.join(await makeTempDir(), 'openclaw.yaml');
    await writeFile(file, configOfSize(MAX_CONFIG_BYTES));
    expect((await loadConfigFile(file)).identity.name).toBe('Padded');
    expect(loadConfigSync(file).identity.name).toBe('Padded');
  });

  it('refuses one byte more, saying the size and the limit, without reading it', async () => {
    const file = path.join(await makeTempDir(), 'openclaw.yaml');
    await writeFile(file, configOfSize(MAX_CONFIG_BYTES + 1));
    const message = `Config file ${file} is 1.0 MB; the config may be at most 1 MiB, check that OPENCLAW_CONFIG_PATH names the right file`;
    await expect(loadConfigFile(file)).rejects.toThrow(new ConfigLoadError(message, file));
    expect(() => loadConfigSync(file)).toThrow(message);
    const snapshot = await readConfigFileSnapshot(file);
    expect(snapshot).toMatchObject({ exists: true, valid: false, raw: null, hash: null, issues: [{ path: '', message }] });
  });

  it.skipIf(process.platform !== 'linux')('stops reading a file whose stat size lies (a /proc file says 0 bytes) at the limit', async () => {
    // The same guard stops a file that grows between fstat and read.
    await expect(readRegularFile('/proc/self/status', 16)).rejects.toThrow(new FileTooLargeError('/proc/self/status', 17, 16));
    expect(() => readRegularFileSync('/proc/self/status', 16)).toThrow('/proc/self/status is 17 bytes; at most 16 bytes is read');
    expect((await readRegularFile('/proc/self/status', 1 << 20)).toString()).toMatch(/^Name:/);
  });

  posixOnly('refuses a FIFO at once, even with no writer, and a link to /dev/zero', async () => {
    const dir = await makeTempDir();
    const fifo = path.join(dir, 'fifo.yaml');
    execFileSync('mkfifo', [fifo]);
    const zero = path.join(dir, 'zero.yaml');
    await symlink('/dev/zero', zero);
    await expect(loadConfigFile(fifo)).rejects.toThrow(`Config path ${fifo} is a FIFO (named pipe), not a file; set OPENCLAW_CONFIG_PATH to a YAML or JSON file`);
    expect(() => loadConfigSync(fifo)).toThrow(`${fifo} is a FIFO (named pipe), not a file`);
    await expect(loadConfigFile(zero)).rejects.toThrow(`Config path ${zero} (a link to /dev/zero) is a character device, not a file`);
    expect(() => loadConfigSync(zero)).toThrow(`${zero} (a link to /dev/zero) is a character device, not a file`);
  });

  it('formats sizes for people', () => {
    expect(formatByteSize(1)).toBe('1 byte');
    expect(formatByteSize(812)).toBe('812 bytes');
    expect(formatByteSize(1024 * 1024)).toBe('1 MiB');
    expect(formatByteSize(52_428_800 + 1)).toBe('52 MB');
    expect(formatByteSize(1_500_000)).toBe('1.5 MB');
  });
});
