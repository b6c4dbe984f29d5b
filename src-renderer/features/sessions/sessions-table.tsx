import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { formatCount, formatTimestamp } from '../../lib/format.js';
import { RelativeTime } from '../../lib/relative-time.js';
import type { IndexedSession } from './session-index.js';
import type { SessionQuery, SessionSortKey } from './session-rows.js';

/** A row's height until one is measured: one line of text and its padding. */
const ESTIMATED_ROW_PX = 33;
/** Rows rendered past each edge of the visible ones, so a quick scroll shows rows rather than blank space. */
const OVERSCAN_ROWS = 8;

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
  rows: readonly IndexedSession[];
  query: SessionQuery;
  selectedKey: string | undefined;
  onSort(sort: SessionSortKey): void;
  onSelect(key: string): void;
}

interface SessionRowProps {
  row: IndexedSession;
  index: number;
  selected: boolean;
  onSelect(key: string): void;
}

// Memoised: a live change re-renders the rows it touched (and those it moved), not every visible one.
const SessionRow = memo(function SessionRow({ row, index, selected, onSelect }: SessionRowProps) {
  const updatedAt = row.entry.updated_at;
  return (
    <tr data-index={index} aria-rowindex={index + 2} className={selected ? 'selected' : undefined} onClick={() => onSelect(row.key)}>
      <td className="cell-key">
        <button
          type="button"
          className="link-button mono"
          title={row.key}
          aria-current={selected ? 'true' : undefined}
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
        <time dateTime={new Date(updatedAt).toISOString()} title={formatTimestamp(updatedAt)}>
          <RelativeTime ms={updatedAt} />
        </time>
        <span className="cell-updated-abs col-wide">{formatTimestamp(updatedAt)}</span>
      </td>
    </tr>
  );
});

function SpacerRow({ height }: { height: number }) {
  return (
    <tr className="virtual-spacer" aria-hidden="true">
      <td colSpan={COLUMNS.length} style={{ height }} />
    </tr>
  );
}

/**
 * The sessions table: sortable column headers, one keyboard-reachable button per row. It scrolls in
 * its own box and renders only the rows in view (plus a few), so 20,000 sessions cost what a screenful does.
 */
export function SessionsTable({ rows, query, selectedKey, onSort, onSelect }: SessionsTableProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const body = useRef<HTMLTableSectionElement>(null);
  // Every row has the same height (one line, two where "Updated" adds the date): one measured row
  // sizes them all, so the scrollbar is right before the rows far below were ever rendered.
  const [rowPx, setRowPx] = useState(ESTIMATED_ROW_PX);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowPx,
    overscan: OVERSCAN_ROWS,
    getItemKey: (index) => rows[index]?.key ?? index,
  });
  // After each render (the virtualizer renders again when the box is resized): a window crossing a
  // width where "Updated" gains or loses its second line changes the height.
  useLayoutEffect(() => {
    const measured = body.current?.querySelector<HTMLElement>('tr[data-index]')?.offsetHeight;
    if (measured && measured !== rowPx) setRowPx(measured);
  });
  useLayoutEffect(() => {
    virtualizer.measure();
  }, [virtualizer, rowPx]);
  // Another sort or filter is another list: read it from the top.
  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
  }, [query]);
  const items = virtualizer.getVirtualItems();
  const last = items.at(-1);
  const before = items[0]?.start ?? 0;
  const after = last ? virtualizer.getTotalSize() - last.end : 0;

  return (
    <div ref={scroller} className="table-scroll sessions-scroll">
      <table className="data-table sessions-table" aria-rowcount={rows.length + 1}>
        <caption className="visually-hidden">Sessions, sorted by {query.sort.replace('_', ' ')} {query.direction === 'asc' ? 'ascending' : 'descending'}</caption>
        <thead>
          <tr aria-rowindex={1}>
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
        <tbody ref={body}>
          {before > 0 ? <SpacerRow height={before} /> : null}
          {items.map((item) => {
            const row = rows[item.index] as IndexedSession;
            return <SessionRow key={row.key} row={row} index={item.index} selected={row.key === selectedKey} onSelect={onSelect} />;
          })}
          {after > 0 ? <SpacerRow height={after} /> : null}
        </tbody>
      </table>
    </div>
  );
}
