import { formatCount, formatRelativeTime, formatTimestamp } from '../../lib/format.js';
import type { SessionQuery, SessionRow, SessionSortKey } from './session-rows.js';

interface Column {
  key: SessionSortKey;
  label: string;
  /** Hidden on narrow windows; the detail pane still shows it. */
  wide?: boolean;
  numeric?: boolean;
}

const COLUMNS: Column[] = [
  { key: 'key', label: 'Key' },
  { key: 'label', label: 'Label' },
  { key: 'channel', label: 'Channel' },
  { key: 'chat_type', label: 'Chat type', wide: true },
  { key: 'model', label: 'Model' },
  { key: 'tokens', label: 'Tokens', numeric: true },
  { key: 'updated_at', label: 'Updated' },
];

export interface SessionsTableProps {
  rows: SessionRow[];
  query: SessionQuery;
  selectedKey: string | undefined;
  now: number;
  onSort(sort: SessionSortKey): void;
  onSelect(key: string): void;
}

/** The sessions table: sortable column headers, one keyboard-reachable button per row. */
export function SessionsTable({ rows, query, selectedKey, now, onSort, onSelect }: SessionsTableProps) {
  return (
    <div className="table-scroll">
      <table className="data-table sessions-table">
        <caption className="visually-hidden">Sessions, sorted by {query.sort.replace('_', ' ')} {query.direction === 'asc' ? 'ascending' : 'descending'}</caption>
        <thead>
          <tr>
            {COLUMNS.map((column) => {
              const active = query.sort === column.key;
              return (
                <th
                  key={column.key}
                  scope="col"
                  className={[`col-${column.key}`, column.wide ? 'col-wide' : '', column.numeric ? 'numeric' : ''].join(' ').trim()}
                  aria-sort={active ? (query.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
                >
                  <button type="button" className="sort-button" onClick={() => onSort(column.key)}>
                    {column.label}
                    <span className="sort-indicator" aria-hidden="true">
                      {active ? (query.direction === 'asc' ? '▲' : '▼') : ''}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr
              key={row.key}
              className={row.key === selectedKey ? 'selected' : undefined}
              onClick={() => onSelect(row.key)}
            >
              <td className="cell-key">
                <button
                  type="button"
                  className="link-button mono"
                  title={row.key}
                  aria-current={row.key === selectedKey ? 'true' : undefined}
                  onClick={(event) => {
                    event.stopPropagation();
                    onSelect(row.key);
                  }}
                >
                  {row.key}
                </button>
              </td>
              <td className="cell-label">{row.label ?? <span className="muted">—</span>}</td>
              <td>{row.channel ?? <span className="muted">—</span>}</td>
              <td className="col-wide">{row.chatType ?? <span className="muted">—</span>}</td>
              <td className="cell-model" title={row.entry.model_provider ? `${row.entry.model_provider} · ${row.model ?? ''}` : undefined}>
                {row.model ?? <span className="muted">—</span>}
              </td>
              <td className="numeric">{row.tokens === undefined ? <span className="muted">—</span> : formatCount(row.tokens)}</td>
              <td className="cell-updated">
                <time dateTime={new Date(row.entry.updated_at).toISOString()} title={formatTimestamp(row.entry.updated_at)}>
                  {formatRelativeTime(row.entry.updated_at, now)}
                </time>
                <span className="cell-updated-abs col-wide">{formatTimestamp(row.entry.updated_at)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
