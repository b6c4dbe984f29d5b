// requestGatewayMethod, the desktop's one-shot WebSocket call (take over, Approve from a
// notification): typed by WS_METHODS, its answer read with the shared frame schemas, against a real
// gateway and against servers that answer what a gateway of another version might.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { requestGatewayMethod } from '../../../src-main/core/attach/gateway-request.js';
import { startTestGateway, type TestGateway } from '../gateway/helpers.js';

describe('requestGatewayMethod', () => {
  const closers: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  async function gateway(): Promise<TestGateway> {
    const started = await startTestGateway();
    closers.push(() => started.close());
    return started;
  }

  /** A WebSocket server that accepts `connect` and answers the call with `answer`. */
  async function serve(answer: (id: string) => unknown): Promise<number> {
    const server = http.createServer();
    const wss = new WebSocketServer({ server, path: '/ws' });
    wss.on('connection', (socket) => {
      socket.on('message', (data) => {
        const request = JSON.parse(String(data)) as { id: string };
        const frame =
          request.id === 'connect'
            ? { type: 'response', id: 'connect', result: { conn_id: 'c1', protocol_version: '1.0', server_version: '9', methods: [], events: [] } }
            : answer(request.id);
        socket.send(JSON.stringify(frame));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(async () => {
      wss.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });
    return (server.address() as AddressInfo).port;
  }

  it('resolves with the method\'s result as WS_METHODS types it', async () => {
    const { port } = await gateway();
    const result = await requestGatewayMethod({ host: '127.0.0.1', port, method: 'ping' });
    const pong: true = result.pong;
    expect(pong).toBe(true);
    expect(result.ts).toEqual(expect.any(Number));
  });

  it('rejects with the gateway\'s code and message when the method refuses', async () => {
    const { port } = await gateway();
    await expect(requestGatewayMethod({ host: '127.0.0.1', port, method: 'pairing.approve', params: { code: 'NOSUCH00' } })).rejects.toThrow(
      new RegExp(`^The gateway on 127\\.0\\.0\\.1:${port} refused pairing\\.approve \\(\\w+: .+\\)$`),
    );
  });

  it('rejects a result that is not the method\'s, instead of handing it on', async () => {
    const port = await serve((id) => ({ type: 'response', id, result: { pong: 'maybe' } }));
    await expect(requestGatewayMethod({ host: '127.0.0.1', port, method: 'ping' })).rejects.toThrow(
      `The gateway on 127.0.0.1:${port} answered ping with an unexpected result; is it the same OpenClaw version as the app?`,
    );
  });

  it('shows a refusal with an error code this app does not know (a gateway of another version) as it came', async () => {
    const port = await serve((id) => ({ type: 'response', id, error: { code: 'from_the_future', message: 'not today' } }));
    await expect(requestGatewayMethod({ host: '127.0.0.1', port, method: 'ping', timeoutMs: 60_000 })).rejects.toThrow(
      `The gateway on 127.0.0.1:${port} refused ping (from_the_future: not today)`,
    );
  });

  it('only takes methods and params WS_METHODS knows (checked by the compiler)', () => {
    const typeOnly = (): void => {
      // @ts-expect-error: not a method of the gateway
      void requestGatewayMethod({ host: '127.0.0.1', port: 1, method: 'pairing.aprove' });
      // @ts-expect-error: pairing.approve takes the code, not a number
      void requestGatewayMethod({ host: '127.0.0.1', port: 1, method: 'pairing.approve', params: { code: 42 } });
    };
    expect(typeOnly).toBeTypeOf('function');
  });
});
