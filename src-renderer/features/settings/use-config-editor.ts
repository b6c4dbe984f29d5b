import { useCallback, useRef, useState } from 'react';
import type { ConfigSnapshotResponse } from '../../../src-shared/protocol/http.js';
import type { ConfigWriteBody } from '../../../src-shared/protocol/settings.js';
import { useGatewayClient, useGatewayEvent } from '../../lib/gateway-context.js';
import { useResyncedLoad } from '../../lib/use-resynced-load.js';
import { resolveSaveFailure } from './config-save.js';
import type { SaveOutcome } from './config-save.js';

export interface ConfigEditor {
  phase: 'loading' | 'ready' | 'error';
  /** The snapshot the forms show and writes are made against. */
  snapshot: ConfigSnapshotResponse | null;
  error: string | null;
  /** The file changed on disk since `snapshot` was loaded: a save would be refused until a reload. */
  stale: boolean;
  /** Counts the loads that replaced what the page shows (the first one and every Reload): forms keyed by it start afresh. */
  version: number;
  /** Writes through `config.update` against the loaded snapshot's hash; never rejects. */
  save(body: ConfigWriteBody): Promise<SaveOutcome>;
  /** Loads the file as it is now and shows it (drops the stale mark). */
  reload(): void;
}

/**
 * The config file as the settings forms edit it. A snapshot is adopted when it is the one the page
 * already holds (or just wrote); a different one means someone else changed the file, which is
 * flagged as stale instead of replacing what the person is editing.
 */
export function useConfigEditor(): ConfigEditor {
  const client = useGatewayClient();
  const [snapshot, setSnapshot] = useState<ConfigSnapshotResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const [version, setVersion] = useState(0);
  const baseHash = useRef<string | null | undefined>(undefined);
  const forceAdopt = useRef(true);

  const load = useResyncedLoad(() => client.http.getConfigSnapshot(), {
    ok: (next) => {
      setError(null);
      if (forceAdopt.current || baseHash.current === undefined || next.hash === baseHash.current) {
        if (forceAdopt.current) setVersion((current) => current + 1);
        forceAdopt.current = false;
        baseHash.current = next.hash;
        setSnapshot(next);
        setStale(false);
      } else {
        setStale(true);
      }
    },
    error: setError,
  });

  const reload = useCallback(() => {
    forceAdopt.current = true;
    load();
  }, [load]);

  useGatewayEvent('config.reloaded', load);
  useGatewayEvent('config.invalid', load);

  const save = useCallback(
    async (body: ConfigWriteBody): Promise<SaveOutcome> => {
      try {
        const result = await client.request('config.update', { base_hash: baseHash.current ?? null, ...body });
        baseHash.current = result.hash;
        load();
        return { ok: true, result };
      } catch (failure) {
        const resolved = resolveSaveFailure(failure);
        if (resolved.kind === 'conflict') setStale(true);
        return { ok: false, failure: resolved };
      }
    },
    [client, load],
  );

  const phase = snapshot ? 'ready' : error ? 'error' : 'loading';
  return { phase, snapshot, error, stale, version, save, reload };
}
