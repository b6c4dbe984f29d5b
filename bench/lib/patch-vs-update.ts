import { createSessionStore } from '../../src-main/core/sessions/store.js';
import { createKeepAliveClient } from './keep-alive-client.js';
import { quantile } from './report.js';

export interface PatchVsUpdate {
  patchP50: number;
  patchP99: number;
  updateP50: number;
  updateP99: number;
}

/**
 * Alternates `PATCH /api/sessions/{key}` (a label change) on the gateway at `gatewayUrl` with the same
 * change through a session store handle of our own on `ownStorePath` (a copy of the gateway's store,
 * maintenance at its defaults like the gateway's), so load on the machine hits both alike. p50/p99 in ms.
 * The PATCHes go over a kept-alive node:http socket, the lightest client at hand (see createKeepAliveClient).
 */
export async function measurePatchAgainstUpdate(options: { gatewayUrl: string; ownStorePath: string; keys: readonly string[]; iterations: number }): Promise<PatchVsUpdate> {
  const handle = createSessionStore();
  const client = createKeepAliveClient();
  const patches: number[] = [];
  const updates: number[] = [];
  const warmup = Math.max(2, Math.ceil(options.iterations / 10));
  try {
    for (let n = 0; n < warmup + options.iterations; n += 1) {
      const key = options.keys[(n * 7919) % options.keys.length] as string;
      let started = performance.now();
      const res = await client.request('PATCH', `${options.gatewayUrl}api/sessions/${encodeURIComponent(key)}`, { label: `patch ${n}` });
      if (res.status !== 200) throw new Error(`PATCH ${key} answered ${res.status}: ${res.body.toString()}`);
      const patchMs = performance.now() - started;
      started = performance.now();
      await handle.update(options.ownStorePath, (store) => {
        const entry = store[key];
        if (entry) {
          entry.label = `update ${n}`;
          entry.updated_at = Date.now();
        }
      });
      const updateMs = performance.now() - started;
      if (n >= warmup) {
        patches.push(patchMs);
        updates.push(updateMs);
      }
    }
  } finally {
    client.close();
  }
  return { patchP50: quantile(patches, 0.5), patchP99: quantile(patches, 0.99), updateP50: quantile(updates, 0.5), updateP99: quantile(updates, 0.99) };
}
