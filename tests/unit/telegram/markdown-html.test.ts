import { describe, expect, it } from 'vitest';
import { renderTelegramHtml, renderTelegramHtmlBlocks, splitMarkdownBlocks } from '../../../src-main/core/telegram/markdown-html.js';
import { escapeTelegramHtml, resolveTelegramPlainText } from '../../../src-main/core/telegram/telegram-html.js';
import { parseTelegramHtml } from '../../fixtures/telegram/fake-bot-api.js';

describe('renderTelegramHtml: inline formatting', () => {
  it('renders bold, italic and strikethrough', () => {
    expect(renderTelegramHtml('**bold** and *italic* and _also_ and __strong__ and ~~gone~~')).toBe(
      '<b>bold</b> and <i>italic</i> and <i>also</i> and <b>strong</b> and <s>gone</s>',
    );
  });

  it('renders bold italic from a triple star run', () => {
    expect(renderTelegramHtml('***both***')).toBe('<i><b>both</b></i>');
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
      '<a href="https://example.com/a?b=1&amp;c=%222%22"><b>docs</b></a>',
    );
  });

  it('shows a javascript: link as written, never as a link', () => {
    expect(renderTelegramHtml('[click](javascript:alert(1))')).toBe('[click](javascript:alert(1))');
  });

  it('shows a relative link as written (Telegram opens absolute http, https, mailto and tg links only)', () => {
    expect(renderTelegramHtml('[docs](/docs/readme.md)')).toBe('[docs](/docs/readme.md)');
  });

  it('shows the address of a link without text', () => {
    expect(renderTelegramHtml('[](https://example.com)')).toBe('<a href="https://example.com">https://example.com</a>');
  });

  it('renders an image as a link labelled with its description', () => {
    expect(renderTelegramHtml('![a cat](https://example.com/cat.png)')).toBe('<a href="https://example.com/cat.png">a cat</a>');
  });

  it('renders an image inside a link as its label, never as a link inside a link (Telegram refuses nested a)', () => {
    expect(renderTelegramHtml('[![alt](http://img.png)](http://link)')).toBe('<a href="http://link">alt</a>');
    expect(renderTelegramHtml('[see ![the chart](https://example.com/c.png) here](https://example.com/report)')).toBe(
      '<a href="https://example.com/report">see the chart here</a>',
    );
  });

  it('shows the link address of a link whose only content is an image without a description', () => {
    expect(renderTelegramHtml('[![](http://img.png)](http://link)')).toBe('<a href="http://link">http://link</a>');
  });

  it('renders a link inside an image description as text, the image being the link', () => {
    expect(renderTelegramHtml('![foo [bar](http://x.example)](http://img.example/a.png)')).toBe('<a href="http://img.example/a.png">foo bar</a>');
  });

  it('decodes entity and character references', () => {
    expect(renderTelegramHtml('&copy; &#35; &amp; &AElig;')).toBe('© # &amp; Æ');
  });

  it('keeps spoiler bars that do not pair up as text', () => {
    expect(renderTelegramHtml('a || b and |x|')).toBe('a || b and |x|');
  });

  it('renders formatting inside a spoiler and a spoiler inside bold', () => {
    expect(renderTelegramHtml('||*quiet*|| **a ||b||**')).toBe('<tg-spoiler><i>quiet</i></tg-spoiler> <b>a <tg-spoiler>b</tg-spoiler></b>');
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

  it('renders bullet, nested, ordered and task lists (a new marker starts a new list, as in CommonMark)', () => {
    expect(renderTelegramHtmlBlocks('- one\n- **two**\n  - nested\n1. first\n2. second\n- [ ] todo\n- [x] done')).toEqual([
      '• one\n• <b>two</b>\n  ◦ nested',
      '1. first\n2. second',
      '☐ todo\n☑ done',
    ]);
  });

  it('numbers an ordered list from its start, as a Markdown viewer shows it', () => {
    expect(renderTelegramHtml('3. c\n1. d\n1. e')).toBe('3. c\n4. d\n5. e');
  });

  it('keeps the text of a list item with two spaces after the marker and a continuation line', () => {
    expect(renderTelegramHtml('1.  A paragraph\n    with two lines.')).toBe('1. A paragraph\n  with two lines.');
  });

  it('keeps the text around a setext heading inside a list item', () => {
    expect(renderTelegramHtml('- Bar\n  ---\n  baz')).toBe('• <b>Bar</b>\n  baz');
  });

  it('indents the paragraphs and nested lists of an item, but not the lines of its code block', () => {
    expect(renderTelegramHtml('- item\n\n  more\n\n  ```\n  code\n  line\n  ```')).toBe('• item\n  more\n  <pre>code\nline</pre>');
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

  it('keeps a loose list whole as one block', () => {
    expect(splitMarkdownBlocks('- a\n\n- b\n\nafter')).toEqual({ complete: ['- a\n\n- b'], rest: 'after' });
  });

  it('splits markdown into finished blocks and the block being written, not inside fences', () => {
    expect(splitMarkdownBlocks('one\n\n```\ncode\n\nmore\n```\n\ntwo and')).toEqual({
      complete: ['one', '```\ncode\n\nmore\n```'],
      rest: 'two and',
    });
  });
});
