import { useState } from 'react';
import type { ConfigIssue } from '../../../src-shared/config/snapshot.js';
import { useGatewayClient, useGatewayEvent } from '../../lib/gateway-context.js';
import { useResyncedLoad } from '../../lib/use-resynced-load.js';

export interface ModelStatus {
  /** True when no model is configured (no provider model, or no default): the dashboard offers the setup. Null until known. */
  needsSetup: boolean | null;
  /** Config warnings about the default model, e.g. "Default model openai/x: provider not configured". */
  defaultWarnings: ConfigIssue[];
  reload(): void;
}

/** Whether the assistant has a model to answer with (`models.list`) and what the snapshot warns about the default; refreshed on config events and reconnects. */
export function useModelStatus(): ModelStatus {
  const client = useGatewayClient();
  const [needsSetup, setNeedsSetup] = useState<boolean | null>(null);
  const [defaultWarnings, setDefaultWarnings] = useState<ConfigIssue[]>([]);
  const reload = useResyncedLoad(() => Promise.all([client.request('models.list', {}), client.http.getConfigSnapshot()]), {
    ok: ([models, snapshot]) => {
      setNeedsSetup(models.models.length === 0 || models.default === null);
      setDefaultWarnings(snapshot.warnings.filter((warning) => warning.path === 'models.default'));
    },
    // A gateway that cannot say (an older one, or not connected yet) gets no banner rather than a wrong one.
    error: () => setNeedsSetup(null),
  });
  useGatewayEvent('config.reloaded', reload);
  return { needsSetup, defaultWarnings, reload };
}
