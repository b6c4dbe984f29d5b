import http from 'node:http';

/** A response read whole. */
export interface KeepAliveResponse {
  status: number;
  body: Buffer;
}

/** One request at a time over kept-alive node:http sockets; close() frees them. */
export interface KeepAliveClient {
  request(method: string, url: string, body?: unknown): Promise<KeepAliveResponse>;
  close(): void;
}

/**
 * Creates a client for latency figures: node:http with keep-alive costs about 0.4 ms less per request
 * than fetch here, and about 1 ms less with a JSON body, which would otherwise count as the gateway's.
 */
export function createKeepAliveClient(): KeepAliveClient {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  return {
    request(method, url, body) {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const headers = payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {};
      return new Promise((resolve, reject) => {
        const req = http.request(url, { method, agent, headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.once('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
          res.once('error', reject);
        });
        req.once('error', reject);
        req.end(payload);
      });
    },
    close: () => agent.destroy(),
  };
}
