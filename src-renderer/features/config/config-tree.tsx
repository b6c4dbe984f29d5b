import { REDACTED_VALUE } from '../../../src-shared/config/redact.js';

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function Leaf({ value }: { value: unknown }) {
  if (value === REDACTED_VALUE) return <span className="badge badge-secret">redacted</span>;
  if (value === null || value === undefined) return <span className="muted">not set</span>;
  if (typeof value === 'string') return <span className="tree-string">"{value}"</span>;
  if (typeof value === 'boolean') return <span className="tree-boolean">{String(value)}</span>;
  if (typeof value === 'number') return <span className="tree-number">{value}</span>;
  return <span className="mono">{JSON.stringify(value)}</span>;
}

function isBranch(value: unknown): value is Record<string, unknown> | unknown[] {
  return (isRecord(value) && Object.keys(value).length > 0) || (Array.isArray(value) && value.some((item) => typeof item === 'object' && item !== null));
}

function Node({ name, value, depth }: { name: string; value: unknown; depth: number }) {
  if (isBranch(value)) {
    const entries: Array<[string, unknown]> = Array.isArray(value) ? value.map((item, index) => [String(index), item]) : Object.entries(value);
    return (
      <li>
        <details open={depth < 1}>
          <summary>
            <span className="tree-key">{name}</span>
            <span className="muted tree-summary">{Array.isArray(value) ? plural(value.length, 'item') : plural(entries.length, 'key')}</span>
          </summary>
          <ul className="tree-children">
            {entries.map(([key, child]) => (
              <Node key={key} name={key} value={child} depth={depth + 1} />
            ))}
          </ul>
        </details>
      </li>
    );
  }
  return (
    <li className="tree-leaf">
      <span className="tree-key">{name}</span>
      {Array.isArray(value) ? (
        value.length === 0 ? (
          <span className="muted">[ ]</span>
        ) : (
          <span className="tree-array">{value.map((item, index) => <Leaf key={index} value={item} />)}</span>
        )
      ) : isRecord(value) ? (
        <span className="muted">{'{ }'}</span>
      ) : (
        <Leaf value={value} />
      )}
    </li>
  );
}

/** The config as a collapsible tree (top-level sections open); redacted secrets show as a badge. */
export function ConfigTree({ config, label }: { config: Record<string, unknown>; label: string }) {
  return (
    <ul className="config-tree" aria-label={label}>
      {Object.entries(config).map(([key, value]) => (
        <Node key={key} name={key} value={value} depth={0} />
      ))}
    </ul>
  );
}
