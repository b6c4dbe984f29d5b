// A connection flood in its own process (so its file descriptors are not the test runner's):
// opens COUNT idle TCP sockets from LOCAL_ADDRESS to 127.0.0.1:PORT, never sends a byte, prints
// `READY <json>` once every attempt settled, then `DONE <json>` with what happened to each socket
// once all are closed or HOLD_MS passed (then it destroys the rest and exits).
import net from 'node:net';

const [portArg, countArg, localAddress = '127.0.0.2', holdArg = '15000'] = process.argv.slice(2);
const port = Number(portArg);
const count = Number(countArg);
const holdMs = Number(holdArg);
// Connects in waves so the listen backlog is not what refuses them.
const WAVE = 100;

interface Outcome {
  connected: boolean;
  /** ms from the start of the flood until the connection was established. */
  connectedAt?: number;
  /** ms from the start of the flood until the server closed it (undefined: still open at the end). */
  closedAt?: number;
  /** The first bytes the server sent, if any (a refusal's status line). */
  firstLine?: string;
  error?: string;
}

const started = Date.now();
const outcomes: Outcome[] = [];
const sockets: net.Socket[] = [];
const closed: Array<Promise<void>> = [];

function open(): Promise<void> {
  return new Promise((resolve) => {
    const outcome: Outcome = { connected: false };
    outcomes.push(outcome);
    const socket = net.connect({ host: '127.0.0.1', port, localAddress });
    sockets.push(socket);
    closed.push(new Promise((settle) => socket.once('close', () => settle())));
    socket.once('connect', () => {
      outcome.connected = true;
      outcome.connectedAt = Date.now() - started;
      resolve();
    });
    socket.on('data', (chunk: Buffer) => {
      outcome.firstLine ??= chunk.toString('latin1').split('\r\n')[0];
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      outcome.error ??= error.code ?? error.message;
      resolve();
    });
    socket.once('close', () => {
      outcome.closedAt = Date.now() - started;
      resolve();
    });
  });
}

for (let i = 0; i < count; i += WAVE) {
  await Promise.all(Array.from({ length: Math.min(WAVE, count - i) }, open));
}
process.stdout.write(`READY ${JSON.stringify({ connected: outcomes.filter((o) => o.connected).length, ms: Date.now() - started })}\n`);

// Every socket's close, or the hold running out, whichever comes first.
let holdTimer: NodeJS.Timeout | undefined;
await Promise.race([
  Promise.all(closed),
  new Promise((resolve) => {
    holdTimer = setTimeout(resolve, Math.max(0, started + holdMs - Date.now()));
  }),
]);
clearTimeout(holdTimer);
process.stdout.write(`DONE ${JSON.stringify(outcomes)}\n`);
for (const socket of sockets) socket.destroy();
process.exit(0);
