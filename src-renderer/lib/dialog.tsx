import { useEffect, useId, useRef } from 'react';
import type { KeyboardEvent, ReactNode, RefObject } from 'react';
import { createPortal } from 'react-dom';

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export interface DialogProps {
  title: string;
  /** Called on Escape or a click on the backdrop; omit for a dialog that must be answered. */
  onDismiss?: () => void;
  initialFocus?: RefObject<HTMLElement | null>;
  /** `drawer`: a full-height panel from the left edge (the chat's conversation list in narrow windows). */
  variant?: 'drawer';
  children: ReactNode;
}

/**
 * A modal dialog: focus moves in and is trapped, Escape dismisses, focus returns where it was on close.
 * Drawn at the end of <body>, so its backdrop covers the header and tabs wherever it is opened from
 * (a sticky or scrolling pane would otherwise hold it in its own stacking context).
 */
export function Dialog({ title, onDismiss, initialFocus, variant, children }: DialogProps) {
  const titleId = useId();
  const panel = useRef<HTMLDivElement>(null);
  const dismiss = useRef(onDismiss);
  dismiss.current = onDismiss;

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const first = initialFocus?.current ?? panel.current?.querySelector<HTMLElement>(FOCUSABLE) ?? panel.current;
    first?.focus();
    return () => previous?.focus();
  }, [initialFocus]);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>): void {
    if (event.key === 'Escape' && dismiss.current) {
      event.stopPropagation();
      dismiss.current();
      return;
    }
    if (event.key !== 'Tab' || !panel.current) return;
    const focusable = [...panel.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  return createPortal(
    <div
      className={variant ? `dialog-backdrop dialog-backdrop-${variant}` : 'dialog-backdrop'}
      onMouseDown={(event) => event.target === event.currentTarget && dismiss.current?.()}
    >
      <div ref={panel} className={variant ? `dialog dialog-${variant}` : 'dialog'} role="dialog" aria-modal="true" aria-labelledby={titleId} tabIndex={-1} onKeyDown={onKeyDown}>
        <h2 id={titleId} className="dialog-title">
          {title}
        </h2>
        {children}
      </div>
    </div>,
    document.body,
  );
}
