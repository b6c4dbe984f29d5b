import { Worker } from 'node:worker_threads';

// Runs in a worker thread (its own core) so the load generator does not share the server's event
// loop. Raw sockets and a minimal response parser: node's http client would be the bottleneck.
const LOAD_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const net = require('node:net');
const { port, path, headers, connections, durationMs } = workerData;
const request = Buffer.from('GET ' + path + ' HTTP/1.1\\r\\nHost: 127.0.0.1:' + port + '\\r\\n' + headers + '\\r\\n');
let done = 0, errors = 0, open = connections;
const statuses = {};
const started = Date.now();
const deadline = started + durationMs;
const finish = () => { if (--open === 0) parentPort.postMessage({ done, errors, statuses, elapsedMs: Date.now() - started }); };
for (let i = 0; i < connections; i++) {
  const socket = net.connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  let buffer = Buffer.alloc(0);
  let need = -1;
  let finished = false;
  socket.on('connect', () => socket.write(request));
  socket.on('data', (chunk) => {
    buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
    for (;;) {
      if (need < 0) {
        const end = buffer.indexOf('\\r\\n\\r\\n');
        if (end < 0) return;
        const head = buffer.toString('latin1', 0, end);
        const length = /content-length: *(\\d+)/i.exec(head);
        const status = head.slice(9, 12);
        statuses[status] = (statuses[status] || 0) + 1;
        need = end + 4 + (length ? Number(length[1]) : 0);
      }
      if (buffer.length < need) return;
      buffer = buffer.subarray(need);
      need = -1;
      done++;
      if (Date.now() < deadline) socket.write(request);
      else if (!finished) { finished = true; socket.end(); finish(); return; }
    }
  });
  socket.on('error', () => { errors++; if (!finished) { finished = true; finish(); } });
}
`;

export interface LoadResult {
  requestsPerSecond: number;
  done: number;
  errors: number;
  statuses: Record<string, number>;
}

/** Drives GET `path` on 127.0.0.1:`port` with `connections` keep-alive sockets for `durationMs`. */
export function runLoad(options: { port: number; path: string; headers?: Record<string, string>; connections?: number; durationMs: number }): Promise<LoadResult> {
  const headers = Object.entries(options.headers ?? {})
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  const worker = new Worker(LOAD_WORKER, {
    eval: true,
    workerData: { port: options.port, path: options.path, headers, connections: options.connections ?? 16, durationMs: options.durationMs },
  });
  return new Promise((resolve, reject) => {
    worker.once('message', (result: { done: number; errors: number; statuses: Record<string, number>; elapsedMs: number }) => {
      void worker.terminate();
      resolve({ ...result, requestsPerSecond: (result.done * 1000) / result.elapsedMs });
    });
    worker.once('error', reject);
  });
}
