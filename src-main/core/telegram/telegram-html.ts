// The two text helpers of Telegram's HTML parse mode, shared by the Markdown renderer, the chunker
// and the reply writer's plain-text fallback.

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
