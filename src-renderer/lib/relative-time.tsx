import { formatRelativeTime } from './format.js';
import { useNow } from './use-now.js';

/** How often "5 min ago" is worked out again. */
export const RELATIVE_TIME_TICK_MS = 15_000;

/** "5 min ago" for `ms`, ticking on its own: a clock tick re-renders this text, never the row or page around it. */
export function RelativeTime({ ms }: { ms: number }) {
  return <>{formatRelativeTime(ms, useNow(RELATIVE_TIME_TICK_MS))}</>;
}
