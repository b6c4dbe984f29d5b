import MarkdownItParser, { type MarkdownIt } from 'markdown-it';

// One Markdown dialect for every surface that shows an answer (Telegram, the dashboard's chat):
// CommonMark plus GFM tables and strikethrough, bare URLs linked, raw HTML shown as text, and
// links only to schemes a chat client opens safely. A link to any other scheme stays text.

/** URL schemes a rendered link may point to. */
export const SAFE_LINK_SCHEMES: readonly string[] = ['http:', 'https:', 'mailto:', 'tg:'];

/** True when `url` is absolute with one of {@link SAFE_LINK_SCHEMES} (any case); relative URLs and `javascript:` are not. */
export function isSafeLinkUrl(url: string): boolean {
  const scheme = /^\s*([a-z][a-z0-9+.-]*:)/i.exec(url)?.[1]?.toLowerCase();
  return scheme !== undefined && SAFE_LINK_SCHEMES.includes(scheme);
}

/**
 * Creates a markdown-it parser (a new instance each call, so a caller may add plugins) with the
 * CommonMark rules plus GFM tables and strikethrough and linkify; `html` is off, so HTML in the
 * text stays text, and links and images are only made for {@link isSafeLinkUrl} URLs.
 */
export function createMarkdownParser(): MarkdownIt {
  const md = new MarkdownItParser('commonmark', { html: false, linkify: true });
  md.enable(['table', 'strikethrough', 'linkify']);
  md.validateLink = isSafeLinkUrl;
  return md;
}
