import { describe, expect, it } from 'vitest';
import { createMarkdownParser, isSafeLinkUrl } from '../../../src-shared/markdown/create-markdown-parser.js';

describe('createMarkdownParser', () => {
  const md = createMarkdownParser();

  it('shows raw HTML as text', () => {
    expect(md.render('<b>hi</b> <script>x()</script>')).toBe('<p>&lt;b&gt;hi&lt;/b&gt; &lt;script&gt;x()&lt;/script&gt;</p>\n');
  });

  it('renders GFM tables and strikethrough', () => {
    expect(md.render('| a |\n|---|\n| 1 |')).toContain('<table>');
    expect(md.render('~~gone~~')).toBe('<p><s>gone</s></p>\n');
  });

  it('links bare http(s) URLs', () => {
    expect(md.render('see https://example.com now')).toBe('<p>see <a href="https://example.com">https://example.com</a> now</p>\n');
  });

  it('makes links to safe schemes only; others stay text', () => {
    expect(md.render('[a](https://x.y) [b](javascript:alert(1)) [c](data:text/html,x) [d](/relative)')).toBe(
      '<p><a href="https://x.y">a</a> [b](javascript:alert(1)) [c](data:text/html,x) [d](/relative)</p>\n',
    );
  });

  it('returns a new instance each call, so plugins added to one do not reach the others', () => {
    expect(createMarkdownParser()).not.toBe(md);
  });
});

describe('isSafeLinkUrl', () => {
  it.each(['https://x.y', 'HTTP://x.y', 'mailto:a@b.c', 'tg://resolve?domain=x'])('accepts %s', (url) => {
    expect(isSafeLinkUrl(url)).toBe(true);
  });

  it.each(['javascript:alert(1)', ' JavaScript:x', 'data:text/html,x', 'file:///etc/passwd', '/relative', '#anchor', 'vbscript:x', ''])('refuses %j', (url) => {
    expect(isSafeLinkUrl(url)).toBe(false);
  });
});
