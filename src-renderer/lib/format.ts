const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** Formats epoch milliseconds as local `YYYY-MM-DD HH:MM:SS` (unambiguous in every locale). */
export function formatTimestamp(ms: number): string {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return '—';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** Formats epoch milliseconds as local `HH:MM:SS.mmm`, for the event log. */
export function formatClockTime(ms: number): string {
  const date = new Date(ms);
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** Formats how long ago `ms` was, relative to `now`: "just now", "42 s ago", "5 min ago", "3 h ago", "2 d ago". */
export function formatRelativeTime(ms: number, now: number): string {
  const delta = now - ms;
  const future = delta < 0;
  const abs = Math.abs(delta);
  if (abs < 10 * SECOND_MS) return 'just now';
  let text: string;
  if (abs < MINUTE_MS) text = `${Math.floor(abs / SECOND_MS)} s`;
  else if (abs < HOUR_MS) text = `${Math.floor(abs / MINUTE_MS)} min`;
  else if (abs < DAY_MS) text = `${Math.floor(abs / HOUR_MS)} h`;
  else text = `${Math.floor(abs / DAY_MS)} d`;
  return future ? `in ${text}` : `${text} ago`;
}

/** Formats a duration in seconds with its two largest units: "4 min 12 s", "2 h 5 min", "3 d 4 h". */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = total % 60;
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${minutes} min`;
  if (minutes > 0) return `${minutes} min ${secs} s`;
  return `${secs} s`;
}

/** Formats a count with thousands separators ("12,345"). */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

/** Formats a byte size ("512 B", "1.5 KB", "2.0 MB"). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Pretty-prints any JSON value with two-space indentation. */
export function formatJson(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? 'undefined';
}
