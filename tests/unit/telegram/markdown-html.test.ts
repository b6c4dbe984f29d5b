import { describe, expect, it } from 'vitest';
import {
  escapeTelegramHtml,
  renderTelegramHtml,
  renderTelegramHtmlBlocks,
  resolveTelegramPlainText,
  splitMarkdownBlocks,
} from '../../../src-main/core/telegram/markdown-html.js';
import { parseTelegramHtml } from '../../fixtures/telegram/fake-bot-api.js';

describe('renderTelegramHtml: inline formatting', () => {
  it('renders bold, italic and strikethrough', () => {
    expect(renderTelegramHtml('**bold** and *italic* and _also_ and __strong__ and ~~gone~~')).toBe(
      '<b>bold</b> and <i>italic</i> and <i>also</i> and <b>strong</b> and <s>gone</s>',
    );
  });

  it('renders bold italic from a triple star run', () => {
    expect(renderTelegramHtml('***both***')).toBe('<b><i>both</i></b>');
  });

  it('renders nested emphasis inside italic', () => {
    expect(renderTelegramHtml('*a **b** c*')).toBe('<i>a <b>b</b> c</i>');
  });

  it('renders inline code with its content escaped and not formatted', () => {
    expect(renderTelegramHtml('run `a<b> && **c**` now')).toBe('run <code>a&lt;b&gt; &amp;&amp; **c**</code> now');
  });

  it('renders spoilers', () => {
    expect(renderTelegramHtml('the butler ||did it||')).toBe('the butler <tg-spoiler>did it</tg-spoiler>');
  });

  it('renders http links with the label formatted and the href escaped', () => {
    expect(renderTelegramHtml('[**docs**](https://example.com/a?b=1&c="2")')).toBe(
      '<a href="https://example.com/a?b=1&amp;c=&quot;2&quot;"><b>docs</b></a>',
    );
  });

  it('drops the link of a javascript: URL and keeps its label', () => {
    expect(renderTelegramHtml('[click](javascript:alert(1))')).toBe('click');
  });

  it('renders autolinks', () => {
    expect(renderTelegramHtml('see <https://example.com>')).toBe('see <a href="https://example.com">https://example.com</a>');
  });

  it('keeps intraword underscores literal', () => {
    expect(renderTelegramHtml('use snake_case_names here')).toBe('use snake_case_names here');
  });

  it('keeps a lone star between spaces literal', () => {
    expect(renderTelegramHtml('2 * 3 * 4 = 24')).toBe('2 * 3 * 4 = 24');
  });

  it('keeps an unclosed delimiter literal', () => {
    expect(renderTelegramHtml('**not closed')).toBe('**not closed');
  });

  it('honours backslash escapes', () => {
    expect(renderTelegramHtml('\\*not italic\\*')).toBe('*not italic*');
  });

  it('escapes HTML the model wrote instead of interpreting it', () => {
    expect(renderTelegramHtml('<b>hi</b> & <script>x</script>')).toBe('&lt;b&gt;hi&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt;');
  });

  it('stays linear on a long line of unmatched stars', () => {
    const text = 'a * '.repeat(20_000).replace(/ \* /g, ' *x ');
    const started = performance.now();
    renderTelegramHtml(text);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('renderTelegramHtml: blocks', () => {
  it('renders a fenced code block with its language', () => {
    expect(renderTelegramHtml('```ts\nconst a = 1 < 2;\n```')).toBe('<pre><code class="language-ts">const a = 1 &lt; 2;</code></pre>');
  });

  it('renders a fenced code block without a language as pre', () => {
    expect(renderTelegramHtml('~~~\n**raw**\n~~~')).toBe('<pre>**raw**</pre>');
  });

  it('keeps blank lines inside a code block in one block', () => {
    expect(renderTelegramHtmlBlocks('```\na\n\nb\n```\n\nafter')).toEqual(['<pre>a\n\nb</pre>', 'after']);
  });

  it('renders an unterminated fence to the end of the text (a streamed draft)', () => {
    expect(renderTelegramHtml('```py\nprint(1)')).toBe('<pre><code class="language-py">print(1)</code></pre>');
  });

  it('renders headings as bold lines', () => {
    expect(renderTelegramHtml('# Title\n## Sub *it*')).toBe('<b>Title</b>\n\n<b>Sub <i>it</i></b>');
  });

  it('does not take a hashtag for a heading', () => {
    expect(renderTelegramHtml('#hashtag')).toBe('#hashtag');
  });

  it('renders bullet, nested, ordered and task lists', () => {
    expect(renderTelegramHtml('- one\n- **two**\n  - nested\n1. first\n2. second\n- [ ] todo\n- [x] done')).toBe(
      '• one\n• <b>two</b>\n  ◦ nested\n1. first\n2. second\n☐ todo\n☑ done',
    );
  });

  it('renders block quotes with formatting inside', () => {
    expect(renderTelegramHtml('> quoted *text*\n> second line')).toBe('<blockquote>quoted <i>text</i>\nsecond line</blockquote>');
  });

  it('flattens nested quotes, which Telegram refuses', () => {
    expect(renderTelegramHtml('> outer\n> > inner')).toBe('<blockquote>outer\ninner</blockquote>');
  });

  it('keeps line breaks inside a paragraph', () => {
    expect(renderTelegramHtml('line one\nline two\n\nnext paragraph')).toBe('line one\nline two\n\nnext paragraph');
  });

  it('renders a rule', () => {
    expect(renderTelegramHtml('above\n\n---\n\nbelow')).toBe('above\n\n———\n\nbelow');
  });
});

describe('renderTelegramHtml: tables per markdown_tables', () => {
  const table = '| Name | Qty |\n|---|--:|\n| **apple** | 3 |\n| kiwi | 12 |';

  it('code: aligned columns in a pre block, cell markdown reduced to text', () => {
    expect(renderTelegramHtml(table, { tables: 'code' })).toBe('<pre>Name  | Qty\n------|----\napple | 3\nkiwi  | 12</pre>');
  });

  it('bullets: one bullet per row with the other columns as header: value', () => {
    expect(renderTelegramHtml(table, { tables: 'bullets' })).toBe('• <b>apple</b> — Qty: 3\n• <b>kiwi</b> — Qty: 12');
  });

  it('off: the table as written, escaped', () => {
    expect(renderTelegramHtml('| a<b |\n|---|\n| 1 |', { tables: 'off' })).toBe('| a&lt;b |\n|---|\n| 1 |');
  });
});

describe('rendered HTML is accepted by the Bot API parser', () => {
  const samples = [
    '**bold _and italic_** `code` ~~s~~ ||spoiler|| [link](https://x.y)',
    '# H\n\n- a\n- b\n\n> q\n\n```js\nlet x = "<>";\n```',
    '| a | b |\n|---|---|\n| <1> | & |',
    'unbalanced ** and __ and ` and [ and ](x) and <b>',
  ];
  it.each(samples)('parses %j', (sample) => {
    expect(() => parseTelegramHtml(renderTelegramHtml(sample))).not.toThrow();
  });
});

describe('plain text helpers', () => {
  it('escapes the characters HTML gives meaning to', () => {
    expect(escapeTelegramHtml('a < b & "c" > d')).toBe('a &lt; b &amp; &quot;c&quot; &gt; d');
  });

  it('resolves the visible text of rendered HTML', () => {
    expect(resolveTelegramPlainText(renderTelegramHtml('**a** < `b & c`'))).toBe('a < b & c');
  });

  it('splits markdown into finished blocks and the block being written, not inside fences', () => {
    expect(splitMarkdownBlocks('one\n\n```\ncode\n\nmore\n```\n\ntwo and')).toEqual({
      complete: ['one', '```\ncode\n\nmore\n```'],
      rest: 'two and',
    });
  });
});
