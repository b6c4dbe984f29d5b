import type { FrameRecord } from '../../../src-shared/client/ws-connection.js';

export const DEFAULT_EVENT_LOG_CAPACITY = 5000;
export const RATE_WINDOW_SECONDS = 60;

export type EventLogKind = 'request' | 'response' | 'event' | 'other';

/** One frame in the log, with what the list shows and filters on. */
export interface EventLogEntry {
  id: number;
  direction: 'in' | 'out';
  at: number;
  connection: number;
  kind: EventLogKind;
  /** Method or event name; a response carries the method of its request when known. */
  name: string;
  seq: number | undefined;
  /** How many events this connection missed just before this one (a gap in `seq`). */
  gap: number;
  frame: unknown;
  /** Compact JSON, lower-cased, for full-text search. */
  searchText: string;
  bytes: number;
}

export interface EventLog {
  push(record: FrameRecord): void;
  /** The entries, oldest first; the same array until something changes (safe for useSyncExternalStore). */
  entries(): readonly EventLogEntry[];
  isPaused(): boolean;
  /** Frames arriving while paused wait in a bounded buffer and join the log on resume. */
  pause(): void;
  resume(): void;
  pendingCount(): number;
  /** Frames that fell out of the bounded buffers since the last clear. */
  droppedCount(): number;
  clear(): void;
  /** Incoming events per second over the last RATE_WINDOW_SECONDS seconds, oldest first. */
  rate(now: number): number[];
  subscribe(listener: () => void): () => void;
  readonly capacity: number;
}

function describeFrame(frame: unknown, requests: Map<string, string>): { kind: EventLogKind; name: string; seq: number | undefined } {
  if (typeof frame !== 'object' || frame === null) return { kind: 'other', name: '(not an object)', seq: undefined };
  const value = frame as Record<string, unknown>;
  const seq = typeof value.seq === 'number' ? value.seq : undefined;
  if (value.type === 'event') return { kind: 'event', name: String(value.event ?? '(unnamed)'), seq };
  if (value.type === 'request') {
    const method = String(value.method ?? '(no method)');
    if (typeof value.id === 'string') requests.set(value.id, method);
    return { kind: 'request', name: method, seq };
  }
  if (value.type === 'response') {
    const id = typeof value.id === 'string' ? value.id : '';
    const method = requests.get(id);
    requests.delete(id);
    return { kind: 'response', name: method ?? '(response)', seq };
  }
  return { kind: 'other', name: String(value.type ?? '(unknown)'), seq };
}

/** Creates a bounded in-memory log of WebSocket frames with pause/resume, seq-gap marking and an events-per-second meter. */
export function createEventLog(options: { capacity?: number } = {}): EventLog {
  const capacity = Math.max(1, options.capacity ?? DEFAULT_EVENT_LOG_CAPACITY);
  const listeners = new Set<() => void>();
  const lastSeq = new Map<number, number>();
  const requests = new Map<string, string>();
  let log: EventLogEntry[] = [];
  let pending: EventLogEntry[] = [];
  let snapshot: readonly EventLogEntry[] = [];
  let dirty = false;
  let paused = false;
  let dropped = 0;
  let nextId = 1;
  // Ring of per-second counters keyed by the epoch second they count.
  const rateSeconds = new Array<number>(RATE_WINDOW_SECONDS).fill(-1);
  const rateCounts = new Array<number>(RATE_WINDOW_SECONDS).fill(0);

  function notify(): void {
    dirty = true;
    for (const listener of [...listeners]) listener();
  }

  function bounded(list: EventLogEntry[]): EventLogEntry[] {
    if (list.length <= capacity) return list;
    dropped += list.length - capacity;
    return list.slice(list.length - capacity);
  }

  function countRate(at: number): void {
    const second = Math.floor(at / 1000);
    const slot = second % RATE_WINDOW_SECONDS;
    if (rateSeconds[slot] !== second) {
      rateSeconds[slot] = second;
      rateCounts[slot] = 0;
    }
    rateCounts[slot] = (rateCounts[slot] ?? 0) + 1;
  }

  // Requests whose answers never came must not pile up over hours.
  function trimRequests(): void {
    if (requests.size <= capacity) return;
    const oldest = requests.keys().next();
    if (!oldest.done) requests.delete(oldest.value);
  }

  return {
    capacity,
    push(record) {
      const { kind, name, seq } = describeFrame(record.frame, requests);
      trimRequests();
      let gap = 0;
      if (record.direction === 'in' && kind === 'event' && seq !== undefined) {
        const previous = lastSeq.get(record.connection);
        if (previous !== undefined && seq > previous + 1) gap = seq - previous - 1;
        lastSeq.set(record.connection, seq);
        countRate(record.at);
      }
      const text = JSON.stringify(record.frame) ?? '';
      const entry: EventLogEntry = {
        id: nextId++,
        direction: record.direction,
        at: record.at,
        connection: record.connection,
        kind,
        name,
        seq,
        gap,
        frame: record.frame,
        searchText: text.toLowerCase(),
        bytes: record.bytes,
      };
      if (paused) {
        pending.push(entry);
        // Trim in batches: slicing on every push would cost O(capacity) per frame.
        if (pending.length > capacity * 1.25) pending = bounded(pending);
      } else {
        log.push(entry);
        if (log.length > capacity * 1.25) log = bounded(log);
      }
      notify();
    },
    entries() {
      if (dirty) {
        log = bounded(log);
        snapshot = log.slice();
        dirty = false;
      }
      return snapshot;
    },
    isPaused: () => paused,
    pause() {
      if (paused) return;
      paused = true;
      notify();
    },
    resume() {
      if (!paused) return;
      paused = false;
      log = bounded([...log, ...bounded(pending)]);
      pending = [];
      notify();
    },
    pendingCount: () => Math.min(pending.length, capacity),
    droppedCount: () => dropped,
    clear() {
      log = [];
      pending = [];
      dropped = 0;
      notify();
    },
    rate(now) {
      const current = Math.floor(now / 1000);
      const series: number[] = [];
      for (let second = current - RATE_WINDOW_SECONDS + 1; second <= current; second += 1) {
        const slot = second % RATE_WINDOW_SECONDS;
        series.push(rateSeconds[slot] === second ? (rateCounts[slot] ?? 0) : 0);
      }
      return series;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
