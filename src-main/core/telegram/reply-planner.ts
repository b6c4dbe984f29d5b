import type { TelegramConfig } from '../../../src-shared/config/schema.js';
import type { MarkdownTableMode } from '../../../src-shared/types/base.js';
import { chunkTelegramReply } from './html-chunk.js';
import { createTelegramMarkdownParser, renderTelegramHtmlBlocks, splitMarkdownBlocks } from './markdown-html.js';

// What a streamed answer becomes in the chat, decided without any I/O: the bot feeds in the text
// so far and the clock, and carries out the operations it gets back in order. A slot is one
// Telegram message of the reply; slot 0 is the first (the one that quotes the user's message).
// A `draft` is the Bot API's animated preview (sendMessageDraft), which is no message: the final
// answer is sent with sendMessage all the same.

export type ReplyOp =
  | { kind: 'send'; slot: number; html: string }
  | { kind: 'edit'; slot: number; html: string }
  | { kind: 'delete'; slot: number }
  | { kind: 'draft'; html: string };

export const DEFAULT_MIN_EDIT_INTERVAL_MS = 1_000;

export interface ReplyPlannerOptions {
  streamMode: TelegramConfig['stream_mode'];
  chunkMode: TelegramConfig['chunk_mode'];
  textChunkLimit: number;
  tables?: MarkdownTableMode;
  /** partial: the least time between two rounds of draft updates (default 1,000 ms: Telegram's per-chat pace). */
  minEditIntervalMs?: number;
  /**
   * partial: stream the message being written as a native draft (private chats) instead of sending
   * and editing it; messages the answer has filled already are sent as it goes on.
   */
  drafts?: boolean;
}

export interface ReplyPlanner {
  /** Takes the whole answer so far; returns what to send or edit now. */
  update(text: string, nowMs: number): ReplyOp[];
  /** When a throttled draft update is waiting, the time to call {@link flush}; undefined otherwise. */
  nextFlushAt(): number | undefined;
  /** Sends the waiting draft update when its time has come. */
  flush(nowMs: number): ReplyOp[];
  /** Takes the final answer; returns the operations that leave exactly it in the chat. */
  finish(text: string): ReplyOp[];
  /** How many messages the reply occupies so far. */
  slots(): number;
  /** Stops using drafts (the Bot API refused one); returns the sends that show the text drafted so far. */
  disableDrafts(): ReplyOp[];
}

/**
 * Creates the planner for one reply per `stream_mode`: `partial` sends a draft at the first text and
 * edits it at most once per `minEditIntervalMs`, with a final edit in place (extra messages when the
 * answer outgrows one), or with `drafts` shows the message being written as a native draft at the
 * same pace and sends it at the end; `block` sends each paragraph once the next one starts; `off`
 * sends everything at the end. Text is rendered to Telegram HTML and chunked per chunk_mode and
 * text_chunk_limit.
 */
export function createReplyPlanner(options: ReplyPlannerOptions): ReplyPlanner {
  const interval = options.minEditIntervalMs ?? DEFAULT_MIN_EDIT_INTERVAL_MS;
  const parser = createTelegramMarkdownParser();
  const render = (markdown: string): string[] =>
    chunkTelegramReply(renderTelegramHtmlBlocks(markdown, { tables: options.tables ?? 'code', parser }), options.textChunkLimit, options.chunkMode);
  const sent: string[] = [];
  let lastRoundAt = Number.NEGATIVE_INFINITY;
  let pending: string | undefined;
  let drafts = options.drafts === true;
  let drafted: { text: string; html: string } | undefined;
  let finished = false;
  let blocksSent = 0;
  // block mode: where the last line began when the text was last split, and whether it was still blank.
  // A block can only end once a new line starts, so deltas within a line skip the re-parse.
  let splitAt: { lineStart: number; blankLine: boolean } | undefined;

  const reconcile = (desired: readonly string[], final: boolean): ReplyOp[] => {
    const ops: ReplyOp[] = [];
    desired.forEach((html, slot) => {
      if (slot >= sent.length) ops.push({ kind: 'send', slot, html });
      else if (sent[slot] !== html) ops.push({ kind: 'edit', slot, html });
      sent[slot] = html;
    });
    if (final) {
      for (let slot = sent.length - 1; slot >= desired.length; slot--) ops.push({ kind: 'delete', slot });
      sent.length = Math.min(sent.length, desired.length);
    }
    return ops;
  };

  /** A round of drafting: messages the answer has filled are sent, the one being written is drafted. */
  const draftRound = (text: string): ReplyOp[] => {
    const desired = render(text);
    const tail = desired.pop();
    const ops: ReplyOp[] = [];
    for (let slot = sent.length; slot < desired.length; slot++) {
      const html = desired[slot] as string;
      sent.push(html);
      ops.push({ kind: 'send', slot, html });
    }
    if (tail !== undefined && tail !== drafted?.html) ops.push({ kind: 'draft', html: tail });
    drafted = tail === undefined ? undefined : { text, html: tail };
    return ops;
  };
  // A draft round never shrinks the reply; an edit round never does either: messages beyond the
  // current text wait for the final edit.
  const round = (text: string): ReplyOp[] => (drafts ? draftRound(text) : reconcile(render(text), false));

  const sendBlocks = (blocks: readonly string[]): ReplyOp[] =>
    blocks.flatMap((block) =>
      render(block).map((html) => {
        const slot = sent.length;
        sent.push(html);
        return { kind: 'send' as const, slot, html };
      }),
    );

  return {
    update(text, nowMs) {
      if (options.streamMode === 'off') return [];
      if (options.streamMode === 'block') {
        const lineStart = text.lastIndexOf('\n') + 1;
        if (splitAt && splitAt.lineStart === lineStart && !splitAt.blankLine) return [];
        splitAt = { lineStart, blankLine: text.slice(lineStart).trim() === '' };
        const { complete } = splitMarkdownBlocks(text, parser);
        const fresh = complete.slice(blocksSent);
        blocksSent = complete.length;
        return sendBlocks(fresh);
      }
      if (text.trim() === '') return [];
      if (nowMs - lastRoundAt < interval) {
        pending = text;
        return [];
      }
      pending = undefined;
      lastRoundAt = nowMs;
      return round(text);
    },
    nextFlushAt() {
      return pending === undefined ? undefined : lastRoundAt + interval;
    },
    flush(nowMs) {
      if (pending === undefined || nowMs - lastRoundAt < interval) return [];
      const text = pending;
      pending = undefined;
      lastRoundAt = nowMs;
      return round(text);
    },
    finish(text) {
      pending = undefined;
      finished = true;
      if (options.streamMode === 'block') {
        const { complete, rest } = splitMarkdownBlocks(text, parser);
        const remaining = [...complete.slice(blocksSent), rest].filter((block) => block.trim() !== '');
        blocksSent = complete.length + 1;
        return sendBlocks(remaining);
      }
      return reconcile(render(text), true);
    },
    slots: () => sent.length,
    disableDrafts() {
      drafts = false;
      // After finish the final answer is being sent anyway.
      if (finished || !drafted) return [];
      const { text } = drafted;
      drafted = undefined;
      return reconcile(render(text), false);
    },
  };
}
