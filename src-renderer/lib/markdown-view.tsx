import { createContext, useContext, useEffect, useMemo, useRef } from 'react';
import type { MouseEvent, ReactNode } from 'react';
import { COPY_BUTTON_ATTRIBUTE, createMarkdownRenderer } from './markdown.js';
import type { MarkdownRenderer } from './markdown.js';

const MarkdownContext = createContext<MarkdownRenderer | null>(null);

/** How long a copy button says "Copied" before it reads "Copy" again. */
const COPIED_FEEDBACK_MS = 1500;

/** Shares one Markdown renderer (one parser) with every view below it. */
export function MarkdownProvider({ renderer, children }: { renderer: MarkdownRenderer; children: ReactNode }) {
  return <MarkdownContext.Provider value={renderer}>{children}</MarkdownContext.Provider>;
}

/** The renderer of the nearest MarkdownProvider, else one of this component's own. */
export function useMarkdownRenderer(): MarkdownRenderer {
  const shared = useContext(MarkdownContext);
  return useMemo(() => shared ?? createMarkdownRenderer(window), [shared]);
}

// The clipboard API needs a secure context (loopback or https); elsewhere the code is selected
// so Ctrl+C copies it.
async function copyText(text: string, block: Element): Promise<'Copied' | 'Selected: press Ctrl+C'> {
  if (navigator.clipboard) {
    await navigator.clipboard.writeText(text);
    return 'Copied';
  }
  const range = document.createRange();
  range.selectNodeContents(block);
  const selection = window.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
  return 'Selected: press Ctrl+C';
}

export interface MarkdownViewProps {
  /** HTML from a MarkdownRenderer (already sanitised). */
  html: string;
  className?: string;
}

/** Rendered Markdown; the Copy button of a code block copies that block's text. */
export function MarkdownView({ html, className }: MarkdownViewProps) {
  const timers = useRef(new Set<number>());
  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const timer of pending) window.clearTimeout(timer);
    };
  }, []);

  function onClick(event: MouseEvent<HTMLDivElement>): void {
    const button = (event.target as Element).closest(`button[${COPY_BUTTON_ATTRIBUTE}]`);
    const code = button?.parentElement?.querySelector('pre code');
    if (!button || !code) return;
    const say = (text: string): void => {
      button.textContent = text;
      const timer = window.setTimeout(() => {
        timers.current.delete(timer);
        button.textContent = 'Copy';
      }, COPIED_FEEDBACK_MS);
      timers.current.add(timer);
    };
    copyText(code.textContent ?? '', code).then(say, () => say('Copy failed'));
  }

  // The buttons inside are plain HTML from the renderer: one delegated handler serves them all.
  return <div className={className ? `markdown ${className}` : 'markdown'} onClick={onClick} dangerouslySetInnerHTML={{ __html: html }} />;
}
