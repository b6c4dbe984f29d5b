import { useState } from 'react';
import type { TelegramStatus } from '../../src-shared/telegram/status.js';
import { useGatewayClient, useGatewayEvent } from '../lib/gateway-context.js';
import { useResyncedLoad } from '../lib/use-resynced-load.js';

/** The Telegram channel's status for the header: loaded on connect, kept current by `telegram.status`; null when the gateway runs no channel. */
export function useTelegramStatus(): TelegramStatus | null {
  const client = useGatewayClient();
  const [status, setStatus] = useState<TelegramStatus | null>(null);
  useResyncedLoad(
    () => client.request('telegram.status', {}),
    // A gateway without the channel answers `unavailable`: the header then simply shows no Telegram.
    { ok: setStatus, error: () => setStatus(null) },
  );
  useGatewayEvent('telegram.status', setStatus);
  return status;
}
