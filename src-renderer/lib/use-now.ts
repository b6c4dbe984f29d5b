import { useEffect, useState } from 'react';

/** The current time in epoch ms, refreshed every `intervalMs` (relative times and uptimes tick). */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}
