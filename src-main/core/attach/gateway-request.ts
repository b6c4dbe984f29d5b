import { WebSocket } from 'ws';
import { resolveProbeHost } from './gateway-probe.js';

/** How long the gateway has to accept the connection and answer (5 s). */
export const GATEWAY_REQUEST_TIMEOUT_MS = 5_000;

interface ResponseFrame {
  type?: unknown;
  id?: unknown;
  result?: unknown;
  error?: { code?: unknown; message?: unknown };
}

/**
 * Calls one WebSocket method on the gateway at host:port, as a client of this machine: `connect`
 * (with `token` when given, else as a local-direct client), then `method`; resolves with its result.
 * Rejects with an Error saying what refused (`code: message`) or that nothing answered within timeoutMs.
 */
export function requestGatewayMethod(options: {
  host: string;
  port: number;
  method: string;
  params?: Record<string, unknown>;
  token?: string;
  timeoutMs?: number;
}): Promise<unknown> {
  const { port, method } = options;
  const timeoutMs = options.timeoutMs ?? GATEWAY_REQUEST_TIMEOUT_MS;
  const address = `${options.host}:${port}`;
  const host = resolveProbeHost(options.host);
  const wsHost = host.includes(':') ? `[${host}]` : host;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://${wsHost}:${port}/ws`, { handshakeTimeout: timeoutMs });
    let settled = false;
    const finish = (error: Error | undefined, result?: unknown): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      ws.terminate();
      if (error) reject(error);
      else resolve(result);
    };
    const timer = setTimeout(() => finish(new Error(`The gateway on ${address} did not answer ${method} within ${timeoutMs} ms`)), timeoutMs);
    ws.once('open', () => {
      const auth = options.token === undefined ? {} : { auth: { token: options.token } };
      ws.send(JSON.stringify({ type: 'request', id: 'connect', method: 'connect', params: { client_id: 'openclaw-desktop', ...auth } }));
    });
    ws.on('message', (data) => {
      let frame: ResponseFrame;
      try {
        frame = JSON.parse(String(data)) as ResponseFrame;
      } catch {
        // Not a frame we can read; the answer we wait for is a response, so keep waiting.
        return;
      }
      if (frame.type !== 'response') return;
      const refusal = frame.error ? `${String(frame.error.code)}: ${String(frame.error.message)}` : undefined;
      if (frame.id === 'connect') {
        if (refusal) finish(new Error(`The gateway on ${address} refused the connection (${refusal})`));
        else ws.send(JSON.stringify({ type: 'request', id: 'call', method, params: options.params ?? {} }));
      } else if (frame.id === 'call') {
        finish(refusal ? new Error(`The gateway on ${address} refused ${method} (${refusal})`) : undefined, frame.result);
      }
    });
    ws.once('error', (error) => finish(new Error(`Could not reach the gateway on ${address}: ${error.message}`)));
    ws.once('close', () => finish(new Error(`The gateway on ${address} closed the connection before answering ${method}`)));
  });
}
