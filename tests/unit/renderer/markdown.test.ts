// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { createMarkdownRenderer } from '../../../src-renderer/lib/markdown.js';

const renderer = createMarkdownRenderer(window);

function render(text: string): HTMLElement {
  const host = document.createElement('div');
  host.innerHTML = renderer.render(text);
  return host;
}

describe('createMarkdownRenderer', () => {
  it('opens every link outside the dashboard, bare URLs included', () => {
    const host = render('[a](https://a.example) and https://b.example');
    const links = [...host.querySelectorAll('a')];
    expect(links.map((link) => [link.getAttribute('href'), link.getAttribute('target'), link.getAttribute('rel')])).toEqual([
      ['https://a.example', '_blank', 'noopener noreferrer'],
      ['https://b.example', '_blank', 'noopener noreferrer'],
    ]);
  });

  it('shows an image as a link to it (the CSP loads no remote images), and inside a link as its label only', () => {
    const image = render('![a cat](https://img.example/cat.png)');
    expect(image.querySelector('img')).toBeNull();
    expect([...image.querySelectorAll('a')].map((link) => [link.getAttribute('href'), link.textContent])).toEqual([['https://img.example/cat.png', 'a cat']]);
    const badge = render('[![build passing](https://img.example/badge.svg)](https://ci.example)');
    expect([...badge.querySelectorAll('a')].map((link) => [link.getAttribute('href'), link.textContent])).toEqual([['https://ci.example', 'build passing']]);
  });

  it('leaves links to unsafe schemes as text', () => {
    const host = render('[x](javascript:alert(1)) [y](data:text/html,boom)');
    expect(host.querySelector('a')).toBeNull();
    expect(host.textContent).toBe('[x](javascript:alert(1)) [y](data:text/html,boom)');
  });

  it('puts a Copy button on fenced and indented code blocks, not on inline code', () => {
    const host = render('```\nfenced\n```\n\n    indented\n\nand `inline`');
    expect([...host.querySelectorAll('.md-code')].map((block) => [block.querySelector('button')?.textContent, block.querySelector('pre code')?.textContent])).toEqual([
      ['Copy', 'fenced\n'],
      ['Copy', 'indented\n'],
    ]);
    expect(host.querySelectorAll('button')).toHaveLength(2);
  });

  it('aligns table columns with classes, not inline styles the CSP would refuse', () => {
    const host = render('| l | c | r | n |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |');
    expect([...host.querySelectorAll('td')].map((cell) => cell.className)).toEqual(['md-align-left', 'md-align-center', 'md-align-right', '']);
    expect(host.querySelector('[style]')).toBeNull();
  });

  it('shows HTML in the text as text', () => {
    const host = render('<script>alert(1)</script><b onclick="x()">bold?</b>');
    expect(host.querySelector('script, b')).toBeNull();
    expect(host.textContent).toBe('<script>alert(1)</script><b onclick="x()">bold?</b>');
  });
});
