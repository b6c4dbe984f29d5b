// Session keys follow upstream OpenClaw: `agent:<agentId>:<rest>`, where `rest` names the
// conversation (`telegram:direct:42`, `subagent:<uuid>`, `cron:<job>:run:<run>`, ...). Keys from
// other tools sharing the store may use a different case, so the fixed tokens ("agent", "cron",
// "run", "subagent", "acp", the thread markers) match case-insensitively; the agent id is
// lowercased and `rest` is returned as written, since peer ids inside it are opaque.

/** The parts of an `agent:<agentId>:<rest>` session key. */
export interface ParsedAgentSessionKey {
  agentId: string;
  rest: string;
}

/** Markers that separate a thread (or forum topic) session key from its parent conversation's key. */
export const THREAD_SESSION_MARKERS = [':thread:', ':topic:'] as const;

function trimmedKey(sessionKey: string | null | undefined): string {
  return typeof sessionKey === 'string' ? sessionKey.trim() : '';
}

/**
 * Parses `agent:<agentId>:<rest>` (trimmed; empty `::` segments ignored, as upstream does); the
 * agent id is lowercased; undefined when the key has another shape or an empty id or rest.
 */
export function parseAgentSessionKey(sessionKey: string | null | undefined): ParsedAgentSessionKey | undefined {
  const parts = trimmedKey(sessionKey)
    .split(':')
    .filter((part) => part.length > 0);
  if (parts.length < 3 || parts[0]?.toLowerCase() !== 'agent') return undefined;
  const agentId = parts[1]?.trim().toLowerCase();
  const rest = parts.slice(2).join(':');
  if (!agentId || !rest.trim()) return undefined;
  return { agentId, rest };
}

/** True for a cron run's session key, `agent:<id>:cron:<job>:run:<runId>` (exactly those four parts after the id). */
export function isCronRunSessionKey(sessionKey: string | null | undefined): boolean {
  const parsed = parseAgentSessionKey(sessionKey);
  return parsed !== undefined && /^cron:[^:]+:run:[^:]+$/i.test(parsed.rest);
}

function hasScopePrefix(sessionKey: string | null | undefined, prefix: string): boolean {
  const raw = trimmedKey(sessionKey);
  if (!raw) return false;
  if (raw.toLowerCase().startsWith(prefix)) return true;
  return parseAgentSessionKey(raw)?.rest.toLowerCase().startsWith(prefix) === true;
}

/** True for a subagent session: `agent:<id>:subagent:...` or a bare `subagent:...` key. */
export function isSubagentSessionKey(sessionKey: string | null | undefined): boolean {
  return hasScopePrefix(sessionKey, 'subagent:');
}

/** True for an ACP (Agent Communication Protocol) session: `agent:<id>:acp:...` or a bare `acp:...` key. */
export function isAcpSessionKey(sessionKey: string | null | undefined): boolean {
  return hasScopePrefix(sessionKey, 'acp:');
}

/**
 * Returns the parent conversation's key of a thread or topic session: the key cut at the last
 * `:thread:` or `:topic:` marker (case-insensitive), trimmed; undefined when there is no marker or
 * nothing before it.
 */
export function resolveThreadParentSessionKey(sessionKey: string | null | undefined): string | undefined {
  const raw = trimmedKey(sessionKey);
  const lower = raw.toLowerCase();
  const cut = Math.max(...THREAD_SESSION_MARKERS.map((marker) => lower.lastIndexOf(marker)));
  if (cut <= 0) return undefined;
  const parent = raw.slice(0, cut).trim();
  return parent || undefined;
}
