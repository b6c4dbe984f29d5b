import DOMPurify, { type WindowLike } from 'dompurify';
import type { MarkdownIt } from 'markdown-it';
import { createMarkdownParser } from '../../src-shared/markdown/create-markdown-parser.js';

/** Turns an answer's Markdown into HTML that is safe to put in the page. */
export interface MarkdownRenderer {
  render(text: string): string;
}

/** The attribute marking a code block's copy button; MarkdownView copies the block it sits in. */
export const COPY_BUTTON_ATTRIBUTE = 'data-copy-code';

const COPY_BUTTON = `<button type="button" class="md-copy button button-small button-quiet" ${COPY_BUTTON_ATTRIBUTE}="" aria-label="Copy code">Copy</button>`;

const ALIGNMENT = /^text-align:(left|center|right)$/;

// markdown-it aligns table columns with a style attribute, which the dashboard's CSP (no inline
// styles) would refuse with a console error: a class says the same.
function alignWithClasses(md: MarkdownIt): void {
  md.core.ruler.push('align_with_classes', (state) => {
    // Table cells are block tokens: they sit at the top level of the token stream.
    for (const token of state.tokens) {
      if (token.type !== 'th_open' && token.type !== 'td_open') continue;
      const align = ALIGNMENT.exec(String(token.attrGet('style') ?? ''))?.[1];
      token.attrs = (token.attrs ?? []).filter(([name]) => name !== 'style');
      if (align) token.attrJoin('class', `md-align-${align}`);
    }
  });
}

// The dashboard's CSP loads no remote images (img-src 'self' data:): an image is shown as a link to
// it, labelled with its alt text, as the Telegram renderer does.
function imagesAsLinks(md: MarkdownIt): void {
  md.renderer.rules.image = (tokens, index, options, env, self) => {
    const token = tokens[index];
    const src = String(token?.attrGet('src') ?? '');
    const label = self.renderInlineAsText(token?.children ?? [], options, env) || src;
    // Inside a link (a badge), the label alone: a link in a link is not HTML.
    const insideLink = tokens.slice(0, index).reduce((depth, previous) => depth + (previous.type === 'link_open' ? 1 : previous.type === 'link_close' ? -1 : 0), 0) > 0;
    if (insideLink) return md.utils.escapeHtml(label);
    return `<a href="${md.utils.escapeHtml(src)}">${md.utils.escapeHtml(label)}</a>`;
  };
}

// Code blocks get a Copy button beside them; the block itself is markdown-it's usual <pre><code>.
function wrapCodeBlocks(md: MarkdownIt): void {
  for (const rule of ['fence', 'code_block'] as const) {
    const original = md.renderer.rules[rule];
    if (!original) continue;
    md.renderer.rules[rule] = (tokens, index, options, env, self) => `<div class="md-code">${COPY_BUTTON}${original(tokens, index, options, env, self)}</div>\n`;
  }
}

/**
 * Creates the dashboard's Markdown renderer: the shared parser (no raw HTML, GFM tables and
 * strikethrough, safe link schemes) plus a Copy button on code blocks and table alignment as
 * classes, then DOMPurify on the result as defence in depth, with every link opening outside the
 * dashboard (`target=_blank rel="noopener noreferrer"`; Electron's window-open handler sends it to
 * the system browser).
 */
export function createMarkdownRenderer(scope: WindowLike): MarkdownRenderer {
  const md = createMarkdownParser();
  alignWithClasses(md);
  wrapCodeBlocks(md);
  imagesAsLinks(md);
  const purify = DOMPurify(scope);
  // Set after the attribute allowlist ran, so DOMPurify does not strip the target it does not allow by default.
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName !== 'A' || !node.hasAttribute('href')) return;
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  });
  return {
    // Trimmed: the newline markdown-it ends a block with would show as a gap before what follows.
    render: (text) => purify.sanitize(md.render(text), { FORBID_ATTR: ['style'], FORBID_TAGS: ['style', 'form', 'input'] }).trim(),
  };
}
