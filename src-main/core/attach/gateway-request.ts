import { WebSocket } from 'ws';
import { PROTOCOL_VERSION, WebSocketFrameSchema, type ConnectRequestParams, type WebSocketRequest } from '../../../src-shared/protocol/frames.js';
import { WS_METHODS, type WsMethodName, type WsMethodParams, type WsMethodResult } from '../../../src-shared/protocol/methods.js';
import { resolveProbeHost } from './gateway-probe.js';

/** How long the gateway has to accept the connection and answer (5 s). */
export const GATEWAY_REQUEST_TIMEOUT_MS = 5_000;

/**
 * Calls one WebSocket method on the gateway at host:port, as a client of this machine: `connect`
 * (with `token` when given, else as a local-direct client), then `method`; resolves with its result,
 * checked against the method's result schema. Rejects with an Error saying what refused
 * (`code: message`), that the result was not the method's, or that nothing answered within timeoutMs.
 */
export function requestGatewayMethod<M extends WsMethodName>(options: {
  host: string;
  port: number;
  method: M;
  params?: WsMethodParams<M>;
  token?: string;
  timeoutMs?: number;
}): Promise<WsMethodResult<M>> {
  const { port, method } = options;
  const timeoutMs = options.timeoutMs ?? GATEWAY_REQUEST_TIMEOUT_MS;
  const address = `${options.host}:${port}`;
  const host = resolveProbeHost(options.host);
  const wsHost = host.includes(':') ? `[${host}]` : host;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://${wsHost}:${port}/ws`, { handshakeTimeout: timeoutMs });
    let settled = false;
    const finish = (outcome: { error: Error } | { result: WsMethodResult<M> }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      ws.terminate();
      if ('error' in outcome) reject(outcome.error);
      else resolve(outcome.result);
    };
    const fail = (message: string): void => finish({ error: new Error(message) });
    const send = (request: WebSocketRequest): void => ws.send(JSON.stringify(request));
    const timer = setTimeout(() => fail(`The gateway on ${address} did not answer ${method} within ${timeoutMs} ms`), timeoutMs);
    ws.once('open', () => {
      const params: ConnectRequestParams = {
        client_id: 'openclaw-desktop',
        protocol_version: PROTOCOL_VERSION,
        ...(options.token === undefined ? {} : { auth: { token: options.token } }),
      };
      send({ type: 'request', id: 'connect', method: 'connect', params });
    });
    ws.on('message', (data) => {
      let json: unknown;
      try {
        json = JSON.parse(String(data));
      } catch {
        // Not a frame we can read; the answer we wait for is a response, so keep waiting.
        return;
      }
      // Read as loosely as the gateway reads frames: a gateway of another version may send an error
      // code this app does not know, and its message is still worth showing. Events are not waited for.
      const parsed = WebSocketFrameSchema.safeParse(json);
      if (!parsed.success || parsed.data.type !== 'response') return;
      const frame = parsed.data;
      const refusal = frame.error ? `${String(frame.error.code)}: ${String(frame.error.message)}` : undefined;
      if (frame.id === 'connect') {
        if (refusal) fail(`The gateway on ${address} refused the connection (${refusal})`);
        else send({ type: 'request', id: 'call', method, params: options.params ?? {} });
      } else if (frame.id === 'call') {
        if (refusal) {
          fail(`The gateway on ${address} refused ${method} (${refusal})`);
          return;
        }
        const result = WS_METHODS[method].result.safeParse(frame.result);
        if (result.success) finish({ result: result.data as WsMethodResult<M> });
        else fail(`The gateway on ${address} answered ${method} with an unexpected result; is it the same OpenClaw version as the app?`);
      }
    });
    ws.once('error', (error) => fail(`Could not reach the gateway on ${address}: ${error.message}`));
    ws.once('close', () => fail(`The gateway on ${address} closed the connection before answering ${method}`));
  });
}
