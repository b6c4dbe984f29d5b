import type { MarkdownTableMode } from '../../../src-shared/types/base.js';
import { escapeTelegramHtml, resolveTelegramPlainText } from './telegram-html.js';

// Telegram has no tables: a GFM table becomes aligned monospace text (`code`), one bullet per row
// (`bullets`) or the rows as the model wrote them (`off`), per telegram.markdown_tables.

/** A parsed table: cells as Telegram HTML, the header row first, and the source lines it came from. */
export interface MarkdownTable {
  header: string[];
  rows: string[][];
  source: string[];
}

/** Renders a table per `mode`; see the file comment. */
export function renderTelegramTable(table: MarkdownTable, mode: MarkdownTableMode): string {
  if (mode === 'off') return table.source.map((line) => escapeTelegramHtml(line.trim())).join('\n');
  if (mode === 'bullets') return renderBullets(table);
  return renderCode(table);
}

function renderBullets({ header, rows }: MarkdownTable): string {
  return rows
    .map((cells) => {
      const [first = '', ...others] = cells;
      const details = others.map((value, index) => (value ? `${header[index + 1] ?? ''}: ${value}` : '')).filter(Boolean);
      // A first cell that is already bold as a whole is not wrapped twice.
      const title = /^<b>(?:(?!<\/b>).)*<\/b>$/s.test(first) || first === '' ? first : `<b>${first}</b>`;
      return `• ${title}${details.length > 0 ? ` — ${details.join('; ')}` : ''}`;
    })
    .join('\n');
}

function renderCode({ header, rows }: MarkdownTable): string {
  // Monospace, so columns line up: cell formatting is reduced to its text.
  const grid = [header, ...rows].map((cells) => cells.map((cell) => resolveTelegramPlainText(cell).replace(/\s+/g, ' ')));
  const columns = Math.max(...grid.map((cells) => cells.length));
  const widths = Array.from({ length: columns }, (_, c) => Math.max(1, ...grid.map((cells) => (cells[c] ?? '').length)));
  const line = (cells: readonly string[]): string => widths.map((width, c) => (cells[c] ?? '').padEnd(width)).join(' | ').trimEnd();
  const [head = [], ...body] = grid;
  const text = [line(head), widths.map((width) => '-'.repeat(width)).join('-|-'), ...body.map(line)].join('\n');
  return `<pre>${escapeTelegramHtml(text)}</pre>`;
}
