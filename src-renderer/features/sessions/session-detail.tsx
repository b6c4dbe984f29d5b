import { useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { SessionEntrySchema } from '../../../src-shared/sessions/entry.js';
import type { SessionEntry } from '../../../src-shared/sessions/entry.js';
import { formatJson, formatTimestamp } from '../../lib/format.js';
import { RelativeTime } from '../../lib/relative-time.js';
import { DeleteSessionDialog } from './delete-session-dialog.js';
import { LabelEditor } from './label-editor.js';
import { SessionTranscript } from './session-transcript.js';

// Schema order first (how OpenClaw documents an entry), then fields other tools added.
const SCHEMA_FIELDS = Object.keys(SessionEntrySchema.shape);
const TIME_FIELDS = new Set(['updated_at']);

function orderedFields(record: Record<string, unknown>, known: string[]): string[] {
  const present = known.filter((field) => record[field] !== undefined);
  const extra = Object.keys(record).filter((field) => !known.includes(field) && record[field] !== undefined).sort();
  return [...present, ...extra];
}

function renderValue(field: string, value: unknown): ReactNode {
  if (TIME_FIELDS.has(field) && typeof value === 'number') {
    return (
      <>
        {formatTimestamp(value)}{' '}
        <span className="muted">
          (<RelativeTime ms={value} />)
        </span>
      </>
    );
  }
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string' || typeof value === 'number') return <span className="mono">{String(value)}</span>;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return <FieldList record={value as Record<string, unknown>} known={[]} />;
  return <pre className="json-block">{formatJson(value)}</pre>;
}

function FieldList({ record, known }: { record: Record<string, unknown>; known: string[] }) {
  return (
    <dl className="field-list">
      {orderedFields(record, known).map((field) => (
        <div key={field} className="field-row">
          <dt className="mono">{field}</dt>
          <dd>{renderValue(field, record[field])}</dd>
        </div>
      ))}
    </dl>
  );
}

export interface SessionDetailProps {
  sessionKey: string;
  entry: SessionEntry | undefined;
  onSaveLabel(label: string | null): Promise<unknown>;
  onDelete(): Promise<void>;
  onClose(): void;
  /** Continues this conversation on the Chat page. */
  onOpenInChat(): void;
}

// Keys are long runs like agent:main:telegram:group:-100/topic:7; let them wrap after : and /.
function breakableKey(key: string): ReactNode[] {
  return key.split(/(?<=[:/])/).map((part, index) => (
    <span key={index}>
      {part}
      <wbr />
    </span>
  ));
}

const STACKED_LAYOUT_QUERY = '(max-width: 1179px)';

/** Every field of one session and its transcript, with label editing, Open in Chat and deletion; says so when the session disappears. */
export function SessionDetail({ sessionKey, entry, onSaveLabel, onDelete, onClose, onOpenInChat }: SessionDetailProps) {
  const [confirming, setConfirming] = useState(false);
  const panel = useRef<HTMLElement>(null);

  // In the stacked layout the pane opens below the table, possibly off screen.
  useEffect(() => {
    const element = panel.current;
    if (!element || typeof element.scrollIntoView !== 'function' || typeof window.matchMedia !== 'function') return;
    if (window.matchMedia(STACKED_LAYOUT_QUERY).matches) element.scrollIntoView({ block: 'nearest' });
  }, [sessionKey]);

  return (
    <section ref={panel} className="panel detail-panel" aria-labelledby="session-detail-title">
      <header className="panel-header">
        <h2 id="session-detail-title" className="panel-title">
          Session <span className="mono detail-key">{breakableKey(sessionKey)}</span>
        </h2>
        <button type="button" className="button button-quiet" onClick={onClose} aria-label="Close session details">
          Close
        </button>
      </header>
      {entry ? (
        <>
          <LabelEditor key={sessionKey} sessionKey={sessionKey} label={entry.label} onSave={onSaveLabel} />
          <SessionTranscript sessionKey={sessionKey} entry={entry} onOpenInChat={onOpenInChat} />
          <h3 className="detail-fields-title">Fields</h3>
          <FieldList record={entry} known={SCHEMA_FIELDS} />
          <div className="detail-actions">
            <button type="button" className="button button-danger" onClick={() => setConfirming(true)}>
              Delete session…
            </button>
          </div>
          {confirming ? <DeleteSessionDialog sessionKey={sessionKey} onConfirm={onDelete} onClose={() => setConfirming(false)} /> : null}
        </>
      ) : (
        <p className="empty-note" role="status">
          This session no longer exists: it was deleted or has not been written to the store.
        </p>
      )}
    </section>
  );
}
