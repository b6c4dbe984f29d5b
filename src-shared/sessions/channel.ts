import type { SessionEntry } from './entry.js';
import { parseAgentSessionKey } from './keys.js';

// Words that can follow the agent id in a key without naming a channel: the main session, a
// per-peer DM (`agent:main:direct:<user>`), group and thread markers, and sessions no channel started.
const NON_CHANNEL_SEGMENTS = new Set(['main', 'direct', 'dm', 'group', 'channel', 'thread', 'topic', 'subagent', 'acp', 'cron']);

/**
 * The channel a session belongs to, the same on every page: the entry's own `channel`, else its
 * origin's provider, else the last channel used, else the origin's surface, else the channel its key
 * names (`agent:main:telegram:direct:42` → telegram, `agent:main:dashboard:…` → dashboard); undefined
 * when nothing says (the main session of a local client).
 */
export function resolveSessionChannel(key: string, entry: SessionEntry | undefined): string | undefined {
  const recorded = entry?.channel ?? entry?.origin?.provider ?? entry?.last_channel ?? entry?.origin?.surface;
  if (recorded) return recorded;
  const parsed = parseAgentSessionKey(key);
  if (!parsed) return undefined;
  const segments = parsed.rest.split(':').filter((segment) => segment.length > 0);
  const first = segments[0]?.toLowerCase();
  if (segments.length < 2 || first === undefined || NON_CHANNEL_SEGMENTS.has(first)) return undefined;
  return first;
}
