import { useEffect, useMemo, useState } from 'react';
import type { GatewayClient } from '../../../src-shared/client/gateway-client.js';
import { useConnectionState, useGatewayClient } from '../../lib/gateway-context.js';

/** Transcript lines per page while looking for a conversation's first message. */
const FIRST_MESSAGE_PAGE = 200;
/** Pages read back before giving up on a very long conversation (it keeps its fallback title). */
const FIRST_MESSAGE_MAX_PAGES = 5;

/** A conversation whose title needs its first user message; a new session_id (a reset) is a new first message. */
export interface FirstMessageTarget {
  key: string;
  sessionId: string;
}

function targetId(target: FirstMessageTarget): string {
  return `${target.key}\n${target.sessionId}`;
}

// chat.history pages backwards from the newest line, so the first message is on the last page.
async function loadFirstUserMessage(client: GatewayClient, key: string): Promise<string | null> {
  let before: number | undefined;
  for (let page = 0; page < FIRST_MESSAGE_MAX_PAGES; page += 1) {
    const result = await client.request('chat.history', { session_key: key, limit: FIRST_MESSAGE_PAGE, ...(before === undefined ? {} : { before }) });
    if (!result.has_more) return result.messages.find((line) => line.role === 'user')?.content ?? null;
    before = result.messages[0]?.ts;
    if (before === undefined) return null;
  }
  return null;
}

/**
 * The first user message of each target conversation (keyed by session key), read from the
 * transcripts one conversation at a time so a long list does not flood the gateway; a conversation
 * whose first message cannot be found (none yet, too long, a failed read) is left out.
 */
export function useFirstMessages(targets: readonly FirstMessageTarget[]): ReadonlyMap<string, string> {
  const client = useGatewayClient();
  // Asked only while live: a request made meanwhile would fail and leave the title unknown for good.
  const live = useConnectionState().status === 'live';
  const [found, setFound] = useState<ReadonlyMap<string, string | null>>(new Map());
  const next = targets.find((target) => !found.has(targetId(target)));

  useEffect(() => {
    if (!next || !live) return undefined;
    let current = true;
    const id = targetId(next);
    const settle = (text: string | null): void => {
      if (current) setFound((known) => new Map(known).set(id, text));
    };
    loadFirstUserMessage(client, next.key).then(settle, (error: unknown) => {
      // Not worth an alert: the conversation keeps its fallback title.
      console.warn(`Could not read the first message of ${next.key}`, error);
      settle(null);
    });
    return () => {
      current = false;
    };
    // `next` is named by its key and session id: a new array of the same targets is no new work.
  }, [client, live, next?.key, next?.sessionId]);

  return useMemo(() => {
    const byKey = new Map<string, string>();
    for (const target of targets) {
      const text = found.get(targetId(target));
      if (text) byKey.set(target.key, text);
    }
    return byKey;
  }, [targets, found]);
}
