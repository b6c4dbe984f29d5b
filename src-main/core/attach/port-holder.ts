import { execFile } from 'node:child_process';
import { readdir, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';
import type { PortHolder } from '../../../src-shared/protocol/runtime-status.js';

// Which process listens on a TCP port, asked the way each OS answers an unprivileged user: /proc on
// Linux, lsof on macOS, netstat + tasklist on Windows. Best effort: the status names the process
// when the OS says, and only the port otherwise.

const TOOL_TIMEOUT_MS = 2_000;
const TCP_LISTEN_STATE = '0A';

/** Returns the socket inodes listening on `port` in a /proc/net/tcp or /proc/net/tcp6 table. */
export function resolveListeningInodes(table: string, port: number): string[] {
  const inodes: string[] = [];
  for (const line of table.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    const local = fields[1];
    if (!local || fields[3] !== TCP_LISTEN_STATE) continue;
    const portHex = local.slice(local.lastIndexOf(':') + 1);
    if (Number.parseInt(portHex, 16) === port && fields[9] && fields[9] !== '0') inodes.push(fields[9]);
  }
  return inodes;
}

/** Returns the first process of `lsof -Fpc` output (`p<pid>` then `c<command>` lines). */
export function resolveLsofHolder(output: string): PortHolder | undefined {
  let holder: PortHolder | undefined;
  for (const line of output.split('\n')) {
    if (line.startsWith('p')) {
      if (holder) break;
      const pid = Number(line.slice(1));
      if (Number.isInteger(pid) && pid > 0) holder = { pid };
    } else if (line.startsWith('c') && holder) {
      holder.command = line.slice(1).trim();
    }
  }
  return holder;
}

/** Returns the pid listening on `port` in `netstat -ano -p TCP` output (Windows). */
export function resolveNetstatPid(output: string, port: number): number | undefined {
  for (const line of output.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields[0] !== 'TCP' || fields[3] !== 'LISTENING') continue;
    const local = fields[1] ?? '';
    if (Number(local.slice(local.lastIndexOf(':') + 1)) !== port) continue;
    const pid = Number(fields[4]);
    if (Number.isInteger(pid) && pid > 0) return pid;
  }
  return undefined;
}

/** Returns the image name in `tasklist /FO CSV /NH` output, e.g. "node.exe". */
export function resolveTasklistCommand(output: string): string | undefined {
  const match = /^"([^"]+)"/.exec(output.trim());
  return match?.[1];
}

function run(command: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: TOOL_TIMEOUT_MS, windowsHide: true }, (_error, stdout) => {
      // lsof exits 1 when it finds nothing; a missing tool or a timeout also just means "unknown".
      resolve(typeof stdout === 'string' ? stdout : '');
    });
  });
}

async function readLinuxHolder(port: number, procDir: string): Promise<PortHolder | undefined> {
  const tables = await Promise.all(['tcp', 'tcp6'].map((name) => readFile(path.join(procDir, 'net', name), 'utf8').catch(() => '')));
  const inodes = new Set(tables.flatMap((table) => resolveListeningInodes(table, port)).map((inode) => `socket:[${inode}]`));
  if (inodes.size === 0) return undefined;
  const pids = (await readdir(procDir)).filter((name) => /^\d+$/.test(name));
  for (const pid of pids) {
    // Another user's fds are not readable: such a holder stays unnamed, which is all the OS tells us.
    const fds = await readdir(path.join(procDir, pid, 'fd')).catch(() => [] as string[]);
    for (const fd of fds) {
      const target = await readlink(path.join(procDir, pid, 'fd', fd)).catch(() => '');
      if (!inodes.has(target)) continue;
      const command = (await readFile(path.join(procDir, pid, 'comm'), 'utf8').catch(() => '')).trim();
      return { pid: Number(pid), ...(command ? { command } : {}) };
    }
  }
  return undefined;
}

async function readWindowsHolder(port: number): Promise<PortHolder | undefined> {
  const pid = resolveNetstatPid(await run('netstat', ['-ano', '-p', 'TCP']), port);
  if (pid === undefined) return undefined;
  const command = resolveTasklistCommand(await run('tasklist', ['/FI', `PID eq ${pid}`, '/FO', 'CSV', '/NH']));
  return { pid, ...(command ? { command } : {}) };
}

/**
 * Reads which process listens on TCP `port` (procDir defaults to /proc, for Linux); undefined when
 * the OS does not say (another user's process, a missing tool). Never rejects.
 */
export async function readPortHolder(port: number, options: { platform: NodeJS.Platform; procDir?: string }): Promise<PortHolder | undefined> {
  try {
    if (options.platform === 'linux') return await readLinuxHolder(port, options.procDir ?? '/proc');
    if (options.platform === 'win32') return await readWindowsHolder(port);
    return resolveLsofHolder(await run('lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-Fpc']));
  } catch {
    // Naming the holder is a courtesy: the status still names the port.
    return undefined;
  }
}
