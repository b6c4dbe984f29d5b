import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { chunkTelegramReply } from '../../../src-main/core/telegram/html-chunk.js';
import { createTelegramMarkdownParser, renderTelegramHtml, renderTelegramHtmlBlocks } from '../../../src-main/core/telegram/markdown-html.js';
import { parseTelegramHtml } from '../../fixtures/telegram/fake-bot-api.js';

// Every example of the CommonMark spec (commonmark-spec, 652 of them) through the Telegram
// renderer: the HTML must be what the Bot API accepts and must show every letter and digit the
// reference rendering shows, in the same order.

interface SpecExample {
  markdown: string;
  html: string;
  section: string;
  number: number;
}

const require = createRequire(import.meta.url);
// The spec writes tabs as →.
const examples = (require('commonmark-spec') as { tests: SpecExample[] }).tests.map((example) => ({
  ...example,
  markdown: example.markdown.replace(/→/g, '\t'),
  html: example.html.replace(/→/g, '\t'),
}));

const TAG = /<(\/?)(b|i|s|code|pre|a|blockquote|tg-spoiler)((?: href="[^"<>]*")|(?: class="language-[\w#+.-]+"))?>/y;
const ENTITY = /&(?:amp|lt|gt|quot);/y;

/** Throws unless `html` is Telegram HTML as we promise it: our tags only, properly nested, every <, > and & escaped. */
function assertWellFormed(html: string): void {
  const stack: string[] = [];
  for (let i = 0; i < html.length; ) {
    const char = html[i];
    if (char === '<') {
      TAG.lastIndex = i;
      const tag = TAG.exec(html);
      if (!tag) throw new Error(`not an allowed tag at ${i}: ${JSON.stringify(html.slice(i, i + 20))}`);
      const [whole, closing, name = '', attribute] = tag;
      if (closing) {
        if (attribute || stack.pop() !== name) throw new Error(`misnested </${name}> at ${i} in ${JSON.stringify(html)}`);
      } else {
        if (name === 'a' && !attribute?.startsWith(' href=')) throw new Error(`<a> without href at ${i}`);
        if (name === 'code' && attribute && stack.at(-1) !== 'pre') throw new Error(`a language outside <pre> at ${i}`);
        if (stack.includes('code') || (stack.includes('pre') && name !== 'code')) throw new Error(`<${name}> inside code at ${i}`);
        if (name === 'blockquote' && stack.includes('blockquote')) throw new Error(`nested blockquote at ${i}`);
        if (name === 'a' && stack.includes('a')) throw new Error(`nested link at ${i}`);
        stack.push(name);
      }
      i += whole.length;
    } else if (char === '&') {
      ENTITY.lastIndex = i;
      const entity = ENTITY.exec(html);
      if (!entity) throw new Error(`unescaped & at ${i}: ${JSON.stringify(html.slice(i, i + 10))}`);
      i += entity[0].length;
    } else if (char === '>') {
      throw new Error(`unescaped > at ${i}`);
    } else {
      i++;
    }
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('>, <')}>`);
}

/** The letters and digits a browser would show for the spec's reference HTML. */
function referenceLetters(html: string): string {
  const text = html
    .replace(/<[^>]*>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&amp;/g, '&');
  return (text.match(/[\p{L}\p{N}]/gu) ?? []).join('');
}

const lettersOf = (text: string): string => (text.match(/[\p{L}\p{N}]/gu) ?? []).join('');

/** What Telegram shows of our HTML: its text, with each code block's language, which it prints above the block. */
const shownText = (html: string): string => parseTelegramHtml(html.replace(/<code class="language-([^"]+)">/g, '<code>$1 '));

/** The first letter of `wanted` not found, in order, in `shown`; undefined when all are there. */
function firstMissing(wanted: string, shown: string): string | undefined {
  let at = 0;
  for (const [index, char] of [...wanted].entries()) {
    const found = shown.indexOf(char, at);
    if (found < 0) return `"${char}" (letter ${index} of "${wanted}")`;
    at = found + char.length;
  }
  return undefined;
}

describe('the CommonMark spec examples', () => {
  const parser = createTelegramMarkdownParser();

  it('are all there', () => {
    expect(examples).toHaveLength(652);
  });

  it.each(examples.map((example) => [example.number, example.section, example] as const))('example %i (%s) renders well-formed, keeping every letter and digit', (_n, _s, example) => {
    const html = renderTelegramHtml(example.markdown, { parser });
    assertWellFormed(html);
    expect(firstMissing(referenceLetters(example.html), lettersOf(shownText(html)))).toBeUndefined();
  });
});

describe('a long answer made of every spec example', () => {
  const answer = examples.map((example) => example.markdown).join('\n\n');
  const blocks = renderTelegramHtmlBlocks(answer);

  it.each(['length', 'newline'] as const)('chunk_mode %s: every chunk is well-formed with at most 4,096 visible characters, and no letter is lost', (mode) => {
    const chunks = chunkTelegramReply(blocks, 4096, mode);
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) {
      assertWellFormed(chunk);
      expect(parseTelegramHtml(chunk).length).toBeLessThanOrEqual(4096);
    }
    expect(chunks.map((chunk) => lettersOf(parseTelegramHtml(chunk))).join('')).toBe(lettersOf(parseTelegramHtml(blocks.join('\n\n'))));
  });
});
