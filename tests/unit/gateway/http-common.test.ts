import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { sendJson, sendText } from '../../../src-main/core/gateway/http-common.js';

describe('http-common senders', () => {
  let server: http.Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
    server = undefined;
  });

  async function serve(handler: http.RequestListener): Promise<Response> {
    server = http.createServer(handler);
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return fetch(`http://127.0.0.1:${port}/`, { headers: { Connection: 'close' } });
  }

  it('sendText answers plain UTF-8 text with its byte length and the status given', async () => {
    const response = await serve((_req, res) => sendText(res, 'grüße', 418));
    expect(response.status).toBe(418);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength('grüße')));
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe('grüße');
  });

  it('sendJson stringifies objects and never lets the answer be cached', async () => {
    const response = await serve((_req, res) => sendJson(res, 200, { ok: true }));
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ ok: true });
  });
});
