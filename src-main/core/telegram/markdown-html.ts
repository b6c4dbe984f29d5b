import type { MarkdownIt, Token } from 'markdown-it';
import { createMarkdownParser, isSafeLinkUrl } from '../../../src-shared/markdown/create-markdown-parser.js';
import type { MarkdownTableMode } from '../../../src-shared/types/base.js';
import { markdownSpoilers } from './markdown-spoiler.js';
import { renderTelegramTable, type MarkdownTable } from './markdown-table.js';
import { escapeTelegramHtml } from './telegram-html.js';

// Markdown as models write it, parsed by markdown-it (CommonMark, GFM tables and strikethrough,
// plus `||spoiler||`) and rendered from its tokens to the HTML subset the Bot API accepts: b, i,
// s, code, pre, a, blockquote, tg-spoiler. Every character of text is escaped, so HTML the model
// writes is shown, never interpreted. Top-level blocks are rendered one by one: chunk_mode newline
// and stream_mode block send them as separate messages.

export interface RenderTelegramHtmlOptions {
  /** How tables are shown (telegram.markdown_tables): `code` (aligned, monospace; default), `bullets`, `off` (as written). */
  tables?: MarkdownTableMode;
  /** The parser to use (from createTelegramMarkdownParser), so that a reply rendered many times builds it once; default: a new one. */
  parser?: MarkdownIt;
}

interface RenderContext {
  /** The source lines (line endings normalised), for tables shown as written. */
  lines: readonly string[];
  tables: MarkdownTableMode;
  /** Inside a quote: Telegram refuses nested blockquotes, so inner ones are flattened. */
  quoted: boolean;
  /** How many lists enclose the block: the first level gets •, deeper ones ◦. */
  listDepth: number;
}

const RULE_TEXT = '———';
const LIST_INDENT = '  ';
const TASK = /^\[([ xX])\]\s+/;
const SAFE_LANGUAGE = /^[\w#+.-]{1,32}$/;
const INLINE_TAGS: Readonly<Record<string, string>> = {
  strong_open: 'b',
  em_open: 'i',
  s_open: 's',
  spoiler_open: 'tg-spoiler',
};

/** Creates the Markdown parser of Telegram replies: the shared one (createMarkdownParser) with `||spoiler||` added. */
export function createTelegramMarkdownParser(): MarkdownIt {
  return createMarkdownParser().use(markdownSpoilers);
}

const normalizeLines = (markdown: string): string[] => markdown.replace(/\r\n?/g, '\n').split('\n');

/** The index of the token closing the one opened at `open` (same level, nesting -1). */
function closingIndex(tokens: readonly Token[], open: number): number {
  const level = tokens[open]?.level;
  for (let i = open + 1; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (token.level === level && token.nesting === -1) return i;
  }
  return tokens.length;
}

/** True when the HTML shows at least one character (not only tags and whitespace). */
const hasVisibleText = (html: string): boolean => /\S/.test(html.replace(/<[^>]*>/g, ''));

interface InlineFrame {
  /** Tag to close, or '' for a transparent frame (a link to an unsafe URL). */
  tag: string;
  open: string;
  html: string;
  href?: string;
}

/** Renders inline tokens; `inLink`: inside an `a` already, where Telegram refuses another one. */
function renderInline(tokens: readonly Token[] | null, inLink = false): string {
  const stack: InlineFrame[] = [{ tag: '', open: '', html: '' }];
  const linkOpen = (): boolean => inLink || stack.some((frame) => frame.tag === 'a');
  const top = (): InlineFrame => stack[stack.length - 1] as InlineFrame;
  const close = (): void => {
    const frame = stack.pop();
    if (!frame || stack.length === 0) return;
    let inner = frame.html;
    // A link with no text of its own ([](url)) shows its address.
    if (frame.tag === 'a' && !hasVisibleText(inner)) inner += escapeTelegramHtml(frame.href ?? '');
    // Empty formatting is dropped rather than sent as an empty entity.
    top().html += frame.tag && inner !== '' ? `${frame.open}${inner}</${frame.tag}>` : inner;
  };
  for (const token of tokens ?? []) {
    const tag = INLINE_TAGS[token.type];
    if (tag) {
      stack.push({ tag, open: `<${tag}>`, html: '' });
      continue;
    }
    switch (token.type) {
      case 'strong_close':
      case 'em_close':
      case 's_close':
      case 'spoiler_close':
      case 'link_close':
        close();
        break;
      case 'link_open': {
        const href = String(token.attrGet('href') ?? '');
        const linked = isSafeLinkUrl(href) && !linkOpen();
        stack.push(linked ? { tag: 'a', open: `<a href="${escapeTelegramHtml(href)}">`, html: '', href } : { tag: '', open: '', html: '' });
        break;
      }
      case 'image': {
        const src = String(token.attrGet('src') ?? '');
        // An image inside a link ([![alt](img)](url)) shows its label only: the link is the outer one.
        const linked = isSafeLinkUrl(src) && !linkOpen();
        const label = renderInline(token.children, linked || linkOpen());
        top().html += linked ? `<a href="${escapeTelegramHtml(src)}">${hasVisibleText(label) ? label : escapeTelegramHtml(src)}</a>` : label;
        break;
      }
      case 'code_inline':
        if (token.content !== '') top().html += `<code>${escapeTelegramHtml(token.content)}</code>`;
        break;
      case 'softbreak':
      case 'hardbreak':
        top().html += '\n';
        break;
      default:
        top().html += token.children ? renderInline(token.children) : escapeTelegramHtml(token.content);
    }
  }
  while (stack.length > 1) close();
  return stack[0]?.html ?? '';
}

function renderCode(code: string, info: string): string {
  const body = code.replace(/\n$/, '');
  if (body.trim() === '') return '';
  const lang = info.trim().split(/\s+/)[0] ?? '';
  const escaped = escapeTelegramHtml(body);
  return SAFE_LANGUAGE.test(lang) ? `<pre><code class="language-${lang}">${escaped}</code></pre>` : `<pre>${escaped}</pre>`;
}

/** Indents every line after the first by `pad`, except lines inside a code block, whose text must not change. */
function indentFollowingLines(html: string, pad: string): string {
  let inPre = false;
  return html
    .split('\n')
    .map((line, index) => {
      const indented = index > 0 && !inPre && line !== '' ? `${pad}${line}` : line;
      const opened = line.lastIndexOf('<pre');
      const closed = line.lastIndexOf('</pre>');
      if (opened > closed) inPre = true;
      else if (closed >= 0) inPre = false;
      return indented;
    })
    .join('\n');
}

function renderList(tokens: readonly Token[], open: number, end: number, ctx: RenderContext): string {
  const ordered = tokens[open]?.type === 'ordered_list_open';
  let number = Number(tokens[open]?.attrGet('start') ?? 1);
  const items: string[] = [];
  for (let i = open + 1; i < end; i++) {
    if (tokens[i]?.type !== 'list_item_open') continue;
    const itemEnd = closingIndex(tokens, i);
    const blocks = renderBlocks(tokens, i + 1, itemEnd, { ...ctx, listDepth: ctx.listDepth + 1 });
    let marker = ordered ? `${number++}.` : ctx.listDepth === 0 ? '•' : '◦';
    // GFM task items ("- [ ] todo") are not CommonMark: their box is read from the item's first paragraph.
    const firstInline = tokens[i + 1]?.type === 'paragraph_open' ? tokens[i + 2] : undefined;
    const task = firstInline ? TASK.exec(firstInline.content) : null;
    if (task && blocks[0] !== undefined && TASK.test(blocks[0])) {
      marker = task[1] === ' ' ? '☐' : '☑';
      blocks[0] = blocks[0].replace(TASK, '');
    }
    const body = blocks.join('\n');
    items.push(body === '' ? marker : indentFollowingLines(`${marker} ${body}`, LIST_INDENT));
    i = itemEnd;
  }
  return items.join('\n');
}

function renderTable(tokens: readonly Token[], open: number, end: number, ctx: RenderContext): string {
  const rows: string[][] = [];
  let row: string[] = [];
  for (let i = open + 1; i < end; i++) {
    const token = tokens[i] as Token;
    if (token.type === 'tr_open') row = [];
    else if (token.type === 'inline') row.push(renderInline(token.children));
    else if (token.type === 'tr_close') rows.push(row);
  }
  const [header = [], ...body] = rows;
  const map = tokens[open]?.map;
  const table: MarkdownTable = { header, rows: body, source: map ? ctx.lines.slice(map[0], map[1]) : [] };
  return renderTelegramTable(table, ctx.tables);
}

function renderContainer(tokens: readonly Token[], open: number, end: number, ctx: RenderContext): string {
  const token = tokens[open] as Token;
  switch (token.type) {
    case 'paragraph_open':
      return renderInline(tokens[open + 1]?.children ?? null);
    case 'heading_open': {
      const text = renderInline(tokens[open + 1]?.children ?? null);
      return hasVisibleText(text) ? `<b>${text}</b>` : '';
    }
    case 'blockquote_open': {
      const inner = renderBlocks(tokens, open + 1, end, { ...ctx, quoted: true }).join('\n');
      return ctx.quoted || inner === '' ? inner : `<blockquote>${inner}</blockquote>`;
    }
    case 'bullet_list_open':
    case 'ordered_list_open':
      return renderList(tokens, open, end, ctx);
    case 'table_open':
      return renderTable(tokens, open, end, ctx);
    default:
      return renderBlocks(tokens, open + 1, end, ctx).join('\n');
  }
}

function renderLeaf(token: Token): string {
  switch (token.type) {
    case 'fence':
      return renderCode(token.content, token.info);
    case 'code_block':
      return renderCode(token.content, '');
    case 'hr':
      return RULE_TEXT;
    case 'inline':
      return renderInline(token.children);
    default:
      // html_block cannot occur (html is off); anything else unknown is shown as its text.
      return escapeTelegramHtml(token.content);
  }
}

/** Renders the blocks between `start` and `end` (one nesting level), one string each, empty ones left out. */
function renderBlocks(tokens: readonly Token[], start: number, end: number, ctx: RenderContext): string[] {
  const blocks: string[] = [];
  for (let i = start; i < end; i++) {
    const token = tokens[i] as Token;
    let html: string;
    if (token.nesting === 1) {
      const close = closingIndex(tokens, i);
      html = renderContainer(tokens, i, close, ctx);
      i = close;
    } else {
      html = renderLeaf(token);
    }
    if (html !== '') blocks.push(html);
  }
  return blocks;
}

/** Renders markdown to Telegram HTML, one string per top-level block (paragraph, list, code block, quote, table, heading, rule). */
export function renderTelegramHtmlBlocks(markdown: string, options: RenderTelegramHtmlOptions = {}): string[] {
  const parser = options.parser ?? createTelegramMarkdownParser();
  const tokens = parser.parse(markdown, {});
  const ctx: RenderContext = { lines: normalizeLines(markdown), tables: options.tables ?? 'code', quoted: false, listDepth: 0 };
  return renderBlocks(tokens, 0, tokens.length, ctx);
}

/** Renders markdown to one Telegram HTML string (blocks separated by a blank line); see {@link renderTelegramHtmlBlocks}. */
export function renderTelegramHtml(markdown: string, options: RenderTelegramHtmlOptions = {}): string {
  return renderTelegramHtmlBlocks(markdown, options).join('\n\n');
}

// Blocks a blank line does not end: a list or an indented code block may go on after one.
const OPEN_ENDED_BLOCKS = new Set(['bullet_list_open', 'ordered_list_open', 'code_block']);

/**
 * Splits markdown into its top-level blocks as written: `complete` are those that cannot change
 * any more (another block follows, or a blank line ends them), `rest` is the source of the block
 * still being written. Code fences, lists and tables stay whole, blank lines inside them included.
 */
export function splitMarkdownBlocks(markdown: string, parser: MarkdownIt = createTelegramMarkdownParser()): { complete: string[]; rest: string } {
  const lines = normalizeLines(markdown);
  const blocks = parser.parse(markdown, {}).filter((token) => token.level === 0 && token.nesting !== -1 && token.map);
  // A list's lines run up to the next block, blank lines included: those are not part of it.
  const source = (token: Token): string => lines.slice(token.map?.[0], token.map?.[1]).join('\n').trimEnd();
  const last = blocks.at(-1);
  if (!last?.map) return { complete: [], rest: lines.join('\n') };
  const after = lines.slice(last.map[1]);
  // `after` ends with the (empty) line being typed; a blank line before it ends the block.
  const ended = !OPEN_ENDED_BLOCKS.has(last.type) && after.length >= 2 && after.every((line) => line.trim() === '');
  if (ended) return { complete: blocks.map(source), rest: '' };
  return { complete: blocks.slice(0, -1).map(source), rest: lines.slice(last.map[0]).join('\n') };
}
