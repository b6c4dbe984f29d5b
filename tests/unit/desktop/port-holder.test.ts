import { describe, expect, it } from 'vitest';
import {
  resolveListeningInodes,
  resolveLsofHolder,
  resolveNetstatPid,
  resolveTasklistCommand,
} from '../../../src-main/core/attach/port-holder.js';

// The OS's own output formats, as each tool prints them.
const PROC_NET_TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:4965 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 123456 1 0000000000000000 100 0 0 10 0
   1: 0100007F:4965 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000  1000        0 0 1 0000000000000000 20 4 30 10 -1
   2: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 777 1 0000000000000000 100 0 0 10 0
`;

describe('naming the process that holds a port', () => {
  it('Linux: finds the listening socket inode of the port in /proc/net/tcp, ignoring connections and other ports', () => {
    expect(resolveListeningInodes(PROC_NET_TCP, 18789)).toEqual(['123456']);
    expect(resolveListeningInodes(PROC_NET_TCP, 22)).toEqual(['777']);
    expect(resolveListeningInodes(PROC_NET_TCP, 80)).toEqual([]);
  });

  it('macOS: reads pid and command from lsof -Fpc', () => {
    expect(resolveLsofHolder('p4242\ncpython3\nf5\n')).toEqual({ pid: 4242, command: 'python3' });
    expect(resolveLsofHolder('')).toBeUndefined();
  });

  it('Windows: reads the listening pid from netstat -ano and the image name from tasklist', () => {
    const netstat = `
Active Connections

  Proto  Local Address          Foreign Address        State           PID
  TCP    127.0.0.1:18789        0.0.0.0:0              LISTENING       4242
  TCP    127.0.0.1:51000        127.0.0.1:18789        ESTABLISHED     999
`;
    expect(resolveNetstatPid(netstat, 18789)).toBe(4242);
    expect(resolveNetstatPid(netstat, 51000)).toBeUndefined();
    expect(resolveTasklistCommand('"node.exe","4242","Console","1","45,000 K"\r\n')).toBe('node.exe');
    expect(resolveTasklistCommand('INFO: No tasks are running which match the specified criteria.')).toBeUndefined();
  });
});
