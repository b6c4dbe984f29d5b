import { useCallback, useEffect, useRef, useState } from 'react';

/** How long a toast stays before it goes by itself; long enough to read two lines. */
export const TOAST_TIMEOUT_MS = 6_000;

export interface Toast {
  id: number;
  text: string;
  tone: 'ok' | 'error';
}

export interface ToastsApi {
  toasts: readonly Toast[];
  show(text: string, tone?: Toast['tone']): void;
  dismiss(id: number): void;
}

/** Short confirmations of what just happened, each going away after `timeoutMs` (or on its close button). */
export function useToasts(timeoutMs = TOAST_TIMEOUT_MS): ToastsApi {
  const [toasts, setToasts] = useState<readonly Toast[]>([]);
  const nextId = useRef(1);
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>());

  const dismiss = useCallback((id: number) => {
    clearTimeout(timers.current.get(id));
    timers.current.delete(id);
    setToasts((current) => current.filter((toast) => toast.id !== id));
  }, []);

  const show = useCallback(
    (text: string, tone: Toast['tone'] = 'ok') => {
      const id = nextId.current++;
      setToasts((current) => [...current, { id, text, tone }]);
      timers.current.set(
        id,
        setTimeout(() => dismiss(id), timeoutMs),
      );
    },
    [dismiss, timeoutMs],
  );

  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const timer of pending.values()) clearTimeout(timer);
    };
  }, []);

  return { toasts, show, dismiss };
}

/** Where toasts appear (bottom right), announced politely to screen readers. */
export function ToastRegion({ toasts, onDismiss }: { toasts: readonly Toast[]; onDismiss(id: number): void }) {
  return (
    <div className="toast-region" role="status" aria-live="polite" aria-label="Notifications">
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast toast-${toast.tone}`}>
          <p className="toast-text">{toast.text}</p>
          <button type="button" className="button button-quiet button-small" aria-label="Dismiss notification" onClick={() => onDismiss(toast.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
