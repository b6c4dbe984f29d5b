import { CHAT_TYPES } from '../../../src-shared/types/base.js';
import { formatCount } from '../../lib/format.js';
import type { SessionQuery } from './session-rows.js';

export interface SessionsFiltersProps {
  query: SessionQuery;
  channels: string[];
  shown: number;
  total: number;
  /** While the first load's pages arrive: how many sessions the gateway has (null once all are here). */
  expected: number | null;
  onChange(query: SessionQuery): void;
}

function describeCount(shown: number, total: number, expected: number | null): string {
  if (expected !== null) return `Loading sessions… ${formatCount(total)} of ${formatCount(expected)}`;
  if (shown === total) return `${formatCount(total)} ${total === 1 ? 'session' : 'sessions'}`;
  return `${formatCount(shown)} of ${formatCount(total)} sessions`;
}

/** Search box and channel / chat type filters above the sessions table. */
export function SessionsFilters({ query, channels, shown, total, expected, onChange }: SessionsFiltersProps) {
  return (
    <div className="toolbar" role="search" aria-label="Filter sessions">
      <label className="field field-grow">
        <span className="field-label">Search</span>
        <input
          type="search"
          value={query.search}
          placeholder="Key, label, model, session id…"
          onChange={(event) => onChange({ ...query, search: event.target.value })}
        />
      </label>
      <label className="field">
        <span className="field-label">Channel</span>
        <select value={query.channel} onChange={(event) => onChange({ ...query, channel: event.target.value })}>
          <option value="">All channels</option>
          {channels.map((channel) => (
            <option key={channel} value={channel}>
              {channel}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field-label">Chat type</span>
        <select value={query.chatType} onChange={(event) => onChange({ ...query, chatType: event.target.value })}>
          <option value="">All chat types</option>
          {CHAT_TYPES.map((chatType) => (
            <option key={chatType} value={chatType}>
              {chatType}
            </option>
          ))}
        </select>
      </label>
      <p className="toolbar-count" aria-live="polite">
        {describeCount(shown, total, expected)}
      </p>
    </div>
  );
}
