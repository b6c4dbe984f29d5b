import { useEffect, useRef, useState } from 'react';

/**
 * `value`, updated at most once per `intervalMs` (the latest value always arrives, at the end of the
 * interval); 0 passes every value through at once. Lets a streamed answer re-render a few times a
 * second instead of once per token.
 */
export function useThrottledValue<T>(value: T, intervalMs: number): T {
  const [shown, setShown] = useState(value);
  const shownAt = useRef(0);

  useEffect(() => {
    if (Object.is(value, shown)) return undefined;
    const wait = intervalMs <= 0 ? 0 : shownAt.current + intervalMs - Date.now();
    const show = (): void => {
      shownAt.current = Date.now();
      setShown(value);
    };
    if (wait <= 0) {
      show();
      return undefined;
    }
    const timer = window.setTimeout(show, wait);
    return () => window.clearTimeout(timer);
  }, [value, shown, intervalMs]);

  return intervalMs <= 0 ? value : shown;
}
