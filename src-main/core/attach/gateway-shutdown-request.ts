import { WebSocket } from 'ws';
import { resolveProbeHost } from './gateway-probe.js';

/** How long the gateway has to accept the connection and answer `gateway.shutdown` (5 s). */
export const SHUTDOWN_REQUEST_TIMEOUT_MS = 5_000;

interface ResponseFrame {
  type?: unknown;
  id?: unknown;
  error?: { code?: unknown; message?: unknown };
}

/**
 * Asks the OpenClaw gateway on host:port to stop: connects to its WebSocket without credentials
 * (so as a local-direct client), sends `connect` then `gateway.shutdown`, and resolves once the
 * gateway has answered; rejects with an Error saying why it refused (or did not answer within timeoutMs).
 */
export function requestGatewayShutdown(host: string, port: number, timeoutMs = SHUTDOWN_REQUEST_TIMEOUT_MS): Promise<void> {
  const address = `${host}:${port}`;
  const probeHost = resolveProbeHost(host);
  const wsHost = probeHost.includes(':') ? `[${probeHost}]` : probeHost;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://${wsHost}:${port}/ws`, { handshakeTimeout: timeoutMs });
    let settled = false;
    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      ws.terminate();
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(() => finish(new Error(`The gateway on ${address} did not answer gateway.shutdown within ${timeoutMs} ms`)), timeoutMs);
    ws.once('open', () => {
      ws.send(JSON.stringify({ type: 'request', id: 'connect', method: 'connect', params: { client_id: 'openclaw-desktop-take-over' } }));
    });
    ws.on('message', (data) => {
      let frame: ResponseFrame;
      try {
        frame = JSON.parse(String(data)) as ResponseFrame;
      } catch {
        // Not a frame of ours (an event we cannot parse would be a gateway bug); keep waiting for the answer.
        return;
      }
      if (frame.type !== 'response') return;
      const refusal = frame.error ? `${String(frame.error.code)}: ${String(frame.error.message)}` : undefined;
      if (frame.id === 'connect') {
        if (refusal) finish(new Error(`The gateway on ${address} refused the connection (${refusal})`));
        else ws.send(JSON.stringify({ type: 'request', id: 'shutdown', method: 'gateway.shutdown', params: {} }));
      } else if (frame.id === 'shutdown') {
        finish(refusal ? new Error(`The gateway on ${address} refused to stop (${refusal})`) : undefined);
      }
    });
    ws.once('error', (error) => finish(new Error(`Could not reach the gateway on ${address}: ${error.message}`)));
    ws.once('close', () => finish(new Error(`The gateway on ${address} closed the connection before it agreed to stop`)));
  });
}
