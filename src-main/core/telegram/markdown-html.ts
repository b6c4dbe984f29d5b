import type { MarkdownTableMode } from '../../../src-shared/types/base.js';

// Markdown as models write it (CommonMark plus GFM tables, strikethrough and task lists, and the
// `||spoiler||` of Telegram and Discord), rendered to the HTML subset the Bot API accepts: b, i, s,
// code, pre, a, blockquote, tg-spoiler. Every other character is escaped, so model output that
// contains HTML is shown, never interpreted. Blocks are rendered one by one: chunk_mode newline and
// stream_mode block send them as separate messages.

export interface RenderTelegramHtmlOptions {
  /** How tables are shown (telegram.markdown_tables): `code` (aligned, monospace; default), `bullets`, `off` (as written). */
  tables?: MarkdownTableMode;
}

const LINK_SCHEMES = /^(?:https?:|tg:|mailto:)/i;
const ESCAPABLE = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/;
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)[^`]*$/;
const HEADING = /^ {0,3}(#{1,6})(?:\s+(.*?))?\s*#*\s*$/;
const RULE = /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/;
const QUOTE = /^ {0,3}> ?(.*)$/;
const LIST_ITEM = /^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$/;
const TABLE_SEPARATOR = /^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$/;

/** Escapes text for Telegram HTML: `&`, `<`, `>` (and `"`, for attribute values). */
export function escapeTelegramHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Resolves the text a person sees for Telegram HTML: tags removed, the four entities we emit decoded. */
export function resolveTelegramPlainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

interface FenceInfo {
  marker: string;
  lang: string;
}

function fenceOpen(line: string): FenceInfo | undefined {
  const match = FENCE_OPEN.exec(line);
  if (!match) return undefined;
  return { marker: match[1] ?? '```', lang: match[2] ?? '' };
}

function isFenceClose(line: string, fence: FenceInfo): boolean {
  const trimmed = line.trim();
  return trimmed.length >= fence.marker.length && trimmed === (fence.marker[0] ?? '`').repeat(trimmed.length);
}

/**
 * Splits markdown into blocks at blank lines outside code fences (a list or table without blank
 * lines stays one block); `rest` is the text after the last blank line, the block still being written.
 */
export function splitMarkdownBlocks(markdown: string): { complete: string[]; rest: string } {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const complete: string[] = [];
  let current: string[] = [];
  let fence: FenceInfo | undefined;
  for (const line of lines) {
    if (fence) {
      current.push(line);
      if (isFenceClose(line, fence)) fence = undefined;
      continue;
    }
    if (line.trim() === '') {
      if (current.length > 0) complete.push(current.join('\n'));
      current = [];
      continue;
    }
    fence = fenceOpen(line);
    current.push(line);
  }
  return { complete, rest: current.join('\n') };
}

/** Renders markdown to Telegram HTML, one string per block (paragraph, list, code block, quote, table, heading, rule). */
export function renderTelegramHtmlBlocks(markdown: string, options: RenderTelegramHtmlOptions = {}): string[] {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const blocks: string[] = [];
  let i = 0;
  const at = (index: number): string => lines[index] ?? '';
  const startsBlock = (index: number): boolean => {
    const line = at(index);
    return fenceOpen(line) !== undefined || HEADING.test(line) || RULE.test(line) || QUOTE.test(line) || LIST_ITEM.test(line) || isTableStart(index);
  };
  const isTableStart = (index: number): boolean => at(index).includes('|') && TABLE_SEPARATOR.test(at(index + 1)) && at(index + 1).includes('-');

  while (i < lines.length) {
    const line = at(i);
    if (line.trim() === '') {
      i++;
      continue;
    }
    const fence = fenceOpen(line);
    if (fence) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !isFenceClose(at(i), fence)) body.push(at(i++));
      i++;
      blocks.push(renderCodeBlock(body.join('\n'), fence.lang));
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      const text = heading[2]?.trim() ?? '';
      if (text) blocks.push(`<b>${renderInline(text)}</b>`);
      i++;
      continue;
    }
    if (RULE.test(line)) {
      blocks.push('———');
      i++;
      continue;
    }
    if (QUOTE.test(line)) {
      const quoted: string[] = [];
      while (i < lines.length && QUOTE.test(at(i))) quoted.push(QUOTE.exec(at(i++))?.[1] ?? '');
      // Telegram refuses nested blockquotes: `> > x` is flattened into the outer quote.
      const inner = renderTelegramHtmlBlocks(quoted.join('\n'), options).join('\n').replace(/<\/?blockquote>/g, '');
      blocks.push(`<blockquote>${inner}</blockquote>`);
      continue;
    }
    if (isTableStart(i)) {
      const rows: string[] = [at(i), at(i + 1)];
      i += 2;
      while (i < lines.length && at(i).includes('|') && at(i).trim() !== '') rows.push(at(i++));
      blocks.push(renderTable(rows, options.tables ?? 'code'));
      continue;
    }
    if (LIST_ITEM.test(line)) {
      const items: string[] = [];
      while (i < lines.length) {
        const current = at(i);
        if (LIST_ITEM.test(current)) {
          items.push(current);
          i++;
        } else if (current.trim() !== '' && /^\s+\S/.test(current) && items.length > 0) {
          items[items.length - 1] += `\n${current.trim()}`;
          i++;
        } else if (current.trim() === '' && LIST_ITEM.test(at(i + 1))) {
          i++;
        } else {
          break;
        }
      }
      blocks.push(renderList(items));
      continue;
    }
    const paragraph: string[] = [line];
    i++;
    while (i < lines.length && at(i).trim() !== '' && !startsBlock(i)) paragraph.push(at(i++));
    blocks.push(renderInline(paragraph.map((l) => l.trim()).join('\n')));
  }
  return blocks.filter((block) => block !== '');
}

/** Renders markdown to one Telegram HTML string (blocks separated by a blank line); see {@link renderTelegramHtmlBlocks}. */
export function renderTelegramHtml(markdown: string, options: RenderTelegramHtmlOptions = {}): string {
  return renderTelegramHtmlBlocks(markdown, options).join('\n\n');
}

function renderCodeBlock(code: string, lang: string): string {
  const safeLang = /^[\w#+.-]+$/.test(lang) ? lang : '';
  const body = escapeTelegramHtml(code);
  return safeLang ? `<pre><code class="language-${safeLang}">${body}</code></pre>` : `<pre>${body}</pre>`;
}

function renderList(items: readonly string[]): string {
  return items
    .map((item) => {
      const match = LIST_ITEM.exec(item);
      const indent = Math.min(Math.floor((match?.[1] ?? '').replace(/\t/g, '    ').length / 2), 4);
      const marker = match?.[2] ?? '-';
      let content = match?.[3] ?? '';
      let bullet = /\d/.test(marker) ? `${marker.slice(0, -1)}.` : indent === 0 ? '•' : '◦';
      const task = /^\[([ xX])\]\s+/.exec(content);
      if (task) {
        bullet = task[1] === ' ' ? '☐' : '☑';
        content = content.slice(task[0].length);
      }
      const pad = '  '.repeat(indent);
      const body = renderInline(content).replace(/\n/g, `\n${pad}  `);
      return `${pad}${bullet} ${body}`;
    })
    .join('\n');
}

function splitTableRow(row: string): string[] {
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < row.length; i++) {
    const char = row[i];
    if (char === '\\' && row[i + 1] === '|') {
      cell += '|';
      i++;
    } else if (char === '|') {
      cells.push(cell.trim());
      cell = '';
    } else {
      cell += char;
    }
  }
  cells.push(cell.trim());
  if (row.trim().startsWith('|')) cells.shift();
  if (row.trim().endsWith('|') && !row.trim().endsWith('\\|')) cells.pop();
  return cells;
}

function renderTable(rows: readonly string[], mode: MarkdownTableMode): string {
  if (mode === 'off') return rows.map((row) => escapeTelegramHtml(row.trim())).join('\n');
  const [header = [], , ...body] = rows.map(splitTableRow);
  if (mode === 'bullets') {
    return body
      .map((cells) => {
        const [first = '', ...others] = cells;
        const details = others
          .map((value, index) => (value ? `${renderInline(header[index + 1] ?? '')}: ${renderInline(value)}` : ''))
          .filter(Boolean);
        const title = renderInline(first);
        const bold = /^<b>(?:(?!<\/b>).)*<\/b>$/s.test(title) ? title : `<b>${title}</b>`;
        return `• ${bold}${details.length > 0 ? ` — ${details.join('; ')}` : ''}`;
      })
      .join('\n');
  }
  // Monospace, so columns line up: cell markdown is reduced to its text.
  const plain = (cells: readonly string[]): string[] => cells.map((cell) => resolveTelegramPlainText(renderInline(cell)));
  const grid = [plain(header), ...body.map(plain)];
  const columns = Math.max(...grid.map((cells) => cells.length));
  const widths = Array.from({ length: columns }, (_, c) => Math.max(...grid.map((cells) => (cells[c] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    widths.map((width, c) => (cells[c] ?? '').padEnd(width)).join(' | ').trimEnd();
  const [head = [], ...rest] = grid;
  const text = [line(head), widths.map((width) => '-'.repeat(Math.max(width, 1))).join('-|-'), ...rest.map(line)].join('\n');
  return `<pre>${escapeTelegramHtml(text)}</pre>`;
}

interface InlineDelimiter {
  token: string;
  tag: string;
}

const DELIMITERS: readonly InlineDelimiter[] = [
  { token: '||', tag: 'tg-spoiler' },
  { token: '**', tag: 'b' },
  { token: '__', tag: 'b' },
  { token: '~~', tag: 's' },
  { token: '*', tag: 'i' },
  { token: '_', tag: 'i' },
];

const isSpace = (char: string | undefined): boolean => char === undefined || /\s/.test(char);
const isWordChar = (char: string | undefined): boolean => char !== undefined && /[\p{L}\p{N}]/u.test(char);

/** Index just past a backtick code span starting at `start`, or -1 when the run has no closing run of the same length. */
function codeSpanEnd(text: string, start: number): { end: number; contentStart: number; contentEnd: number } | undefined {
  let run = 0;
  while (text[start + run] === '`') run++;
  let j = start + run;
  while (j < text.length) {
    const next = text.indexOf('`', j);
    if (next < 0) return undefined;
    let closeRun = 0;
    while (text[next + closeRun] === '`') closeRun++;
    if (closeRun === run) return { end: next + run, contentStart: start + run, contentEnd: next };
    j = next + closeRun;
  }
  return undefined;
}

function findCloser(text: string, from: number, delimiter: InlineDelimiter): number {
  const { token } = delimiter;
  for (let j = from; j < text.length; j++) {
    const char = text[j];
    if (char === '\\') {
      j++;
      continue;
    }
    if (char === '`') {
      const span = codeSpanEnd(text, j);
      if (span) {
        j = span.end - 1;
        continue;
      }
    }
    if (!text.startsWith(token, j)) continue;
    // Runs of the delimiter character: `**` inside a `*` span is its own thing, and a `***` run
    // closes with its last characters.
    let run = 0;
    while (text[j + run] === token[0]) run++;
    if (token.length === 1 && run === 2) {
      j += run - 1;
      continue;
    }
    const closeAt = run > token.length ? j + run - token.length : j;
    if (closeAt === from || isSpace(text[closeAt - 1])) {
      j += run - 1;
      continue;
    }
    if (token[0] === '_' && isWordChar(text[closeAt + token.length])) {
      j += run - 1;
      continue;
    }
    return closeAt;
  }
  return -1;
}

function parseLink(text: string, start: number): { label: string; url: string; end: number } | undefined {
  let depth = 0;
  let j = start;
  for (; j < text.length; j++) {
    const char = text[j];
    if (char === '\\') {
      j++;
    } else if (char === '[') {
      depth++;
    } else if (char === ']') {
      depth--;
      if (depth === 0) break;
    }
  }
  if (depth !== 0 || text[j + 1] !== '(') return undefined;
  const labelEnd = j;
  let parens = 0;
  let k = j + 2;
  for (; k < text.length; k++) {
    const char = text[k];
    if (char === '(') parens++;
    else if (char === ')') {
      if (parens === 0) break;
      parens--;
    } else if (char === '\n') return undefined;
  }
  if (k >= text.length) return undefined;
  const target = text.slice(j + 2, k).trim();
  const url = (/^<([^>]*)>/.exec(target)?.[1] ?? target.split(/\s+/)[0] ?? '').trim();
  return { label: text.slice(start + 1, labelEnd), url, end: k + 1 };
}

function renderInline(text: string, inLink = false): string {
  let out = '';
  let plain = '';
  const flush = (): void => {
    out += escapeTelegramHtml(plain);
    plain = '';
  };
  // Once a delimiter has no closer after some index it has none after any later index either,
  // which keeps unbalanced input (a lone `*` in every line) linear rather than quadratic.
  const noCloserFrom = new Map<string, number>();
  let i = 0;
  while (i < text.length) {
    const char = text[i] ?? '';
    if (char === '\\' && i + 1 < text.length && ESCAPABLE.test(text[i + 1] ?? '')) {
      plain += text[i + 1];
      i += 2;
      continue;
    }
    if (char === '`') {
      const span = codeSpanEnd(text, i);
      if (span) {
        let code = text.slice(span.contentStart, span.contentEnd).replace(/\n/g, ' ');
        if (code.length > 2 && code.startsWith(' ') && code.endsWith(' ')) code = code.slice(1, -1);
        flush();
        out += `<code>${escapeTelegramHtml(code)}</code>`;
        i = span.end;
        continue;
      }
      let run = 0;
      while (text[i + run] === '`') run++;
      plain += text.slice(i, i + run);
      i += run;
      continue;
    }
    if (!inLink && (char === '[' || (char === '!' && text[i + 1] === '['))) {
      const link = parseLink(text, char === '!' ? i + 1 : i);
      if (link) {
        flush();
        const label = renderInline(link.label || link.url, true) || escapeTelegramHtml(link.url);
        out += LINK_SCHEMES.test(link.url) ? `<a href="${escapeTelegramHtml(link.url)}">${label}</a>` : label;
        i = link.end;
        continue;
      }
    }
    if (!inLink && char === '<') {
      const auto = /^<((?:https?|tg|mailto):[^\s<>]+)>/i.exec(text.slice(i));
      if (auto?.[1]) {
        flush();
        out += `<a href="${escapeTelegramHtml(auto[1])}">${escapeTelegramHtml(auto[1])}</a>`;
        i += auto[0].length;
        continue;
      }
    }
    const delimiter = DELIMITERS.find((d) => text.startsWith(d.token, i));
    if (delimiter) {
      const { token } = delimiter;
      const opens =
        !isSpace(text[i + token.length]) && !(token[0] === '_' && isWordChar(text[i - 1])) && (noCloserFrom.get(token) ?? Infinity) > i;
      const closeAt = opens ? findCloser(text, i + token.length, delimiter) : -1;
      if (closeAt > i + token.length) {
        flush();
        out += `<${delimiter.tag}>${renderInline(text.slice(i + token.length, closeAt), inLink)}</${delimiter.tag}>`;
        i = closeAt + token.length;
        continue;
      }
      if (opens && closeAt < 0) noCloserFrom.set(token, i);
      let run = 0;
      while (text[i + run] === token[0]) run++;
      plain += text.slice(i, i + run);
      i += run;
      continue;
    }
    plain += char;
    i++;
  }
  flush();
  return out;
}
