import net from 'node:net';
import { resolveProbeHost } from './gateway-probe.js';

/** How many ports after the taken one are tried (20). */
export const FREE_PORT_SEARCH_SPAN = 20;

function canListen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * Finds a port to move the gateway to: the first of the FREE_PORT_SEARCH_SPAN ports after `taken`
 * that can be listened on at `host` now; throws an Error naming the range when none can.
 */
export async function findFreePort(host: string, taken: number): Promise<number> {
  const bindHost = host === '' ? '127.0.0.1' : host.replace(/^\[|\]$/g, '');
  for (let port = taken + 1; port <= Math.min(taken + FREE_PORT_SEARCH_SPAN, 65_535); port++) {
    if (await canListen(bindHost, port)) return port;
  }
  throw new Error(`No free port among ${resolveProbeHost(host)}:${taken + 1}-${taken + FREE_PORT_SEARCH_SPAN}; set gateway.port in the config file to a free one`);
}
