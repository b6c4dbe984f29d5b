import { describe, expect, it } from 'vitest';
import { chunkTelegramHtml, chunkTelegramReply } from '../../../src-main/core/telegram/html-chunk.js';
import { renderTelegramHtml, renderTelegramHtmlBlocks } from '../../../src-main/core/telegram/markdown-html.js';
import { resolveTelegramPlainText } from '../../../src-main/core/telegram/telegram-html.js';
import { parseTelegramHtml } from '../../fixtures/telegram/fake-bot-api.js';

const visible = (html: string): number => parseTelegramHtml(html).length;

describe('chunkTelegramHtml', () => {
  it('returns short text as one chunk unchanged', () => {
    expect(chunkTelegramHtml('<b>hi</b> there', 100)).toEqual(['<b>hi</b> there']);
  });

  it('cuts at a blank line before a line break or a space', () => {
    const html = `${'a'.repeat(60)}\n\n${'b'.repeat(30)}\n${'c'.repeat(30)}`;
    expect(chunkTelegramHtml(html, 100)).toEqual(['a'.repeat(60), `${'b'.repeat(30)}\n${'c'.repeat(30)}`]);
  });

  it('cuts at a space when there is no line break in the second half', () => {
    const words = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
    const chunks = chunkTelegramHtml(words, 50);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(50);
      expect(chunk).not.toMatch(/^\s|\s$/);
    }
    expect(chunks.join(' ')).toBe(words);
  });

  it('cuts mid-word when a word is longer than the limit', () => {
    expect(chunkTelegramHtml('x'.repeat(250), 100)).toEqual(['x'.repeat(100), 'x'.repeat(100), 'x'.repeat(50)]);
  });

  it('closes tags open at a cut and reopens them in the next chunk', () => {
    const chunks = chunkTelegramHtml(`<b>${'bold '.repeat(40)}</b>`, 100);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk).toMatch(/^<b>.*<\/b>$/s);
      expect(() => parseTelegramHtml(chunk)).not.toThrow();
    }
  });

  it('reopens a code block with its language', () => {
    const code = Array.from({ length: 40 }, (_, i) => `line ${i};`).join('\n');
    const chunks = chunkTelegramHtml(`<pre><code class="language-js">${code}</code></pre>`, 100);
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) expect(chunk).toMatch(/^<pre><code class="language-js">[\s\S]*<\/code><\/pre>$/);
    expect(chunks.map((chunk) => resolveTelegramPlainText(chunk)).join('\n')).toBe(code);
  });

  it('counts an entity as one character and never splits it', () => {
    const chunks = chunkTelegramHtml('&amp;'.repeat(150), 100);
    expect(chunks).toEqual(['&amp;'.repeat(100), '&amp;'.repeat(50)]);
  });

  it('never splits a surrogate pair', () => {
    const chunks = chunkTelegramHtml('😀'.repeat(75), 100);
    expect(chunks).toEqual(['😀'.repeat(50), '😀'.repeat(25)]);
  });

  it('keeps every chunk of a long formatted answer within the limit and parseable', () => {
    const markdown = Array.from(
      { length: 60 },
      (_, i) => `Paragraph ${i} with **bold ${i}**, _italic_, \`code\` and a [link](https://example.com/${i}).`,
    ).join('\n\n');
    const chunks = chunkTelegramHtml(renderTelegramHtml(markdown), 300);
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) expect(visible(chunk)).toBeLessThanOrEqual(300);
    expect(chunks.map((chunk) => resolveTelegramPlainText(chunk)).join('\n\n')).toBe(resolveTelegramPlainText(renderTelegramHtml(markdown)));
  });

  it('rejects a limit that is not a positive whole number', () => {
    expect(() => chunkTelegramHtml('x', 0)).toThrow('chunk limit must be a positive whole number (got 0)');
  });
});

describe('chunkTelegramReply per chunk_mode', () => {
  const blocks = renderTelegramHtmlBlocks('First paragraph.\n\nSecond paragraph.\n\n- a\n- b');

  it('length packs paragraphs into as few messages as fit', () => {
    expect(chunkTelegramReply(blocks, 4000, 'length')).toEqual(['First paragraph.\n\nSecond paragraph.\n\n• a\n• b']);
  });

  it('newline sends each paragraph as its own message', () => {
    expect(chunkTelegramReply(blocks, 4000, 'newline')).toEqual(['First paragraph.', 'Second paragraph.', '• a\n• b']);
  });

  it('newline still cuts a paragraph longer than the limit', () => {
    expect(chunkTelegramReply(['y'.repeat(150)], 100, 'newline')).toEqual(['y'.repeat(100), 'y'.repeat(50)]);
  });
});
