import type { MarkdownIt, StateInline } from 'markdown-it';

// `||hidden||`, the spoiler syntax of Telegram and Discord, as a markdown-it plugin: the `|` pairs
// follow the same delimiter rules as `~~` strikethrough (flanking, nesting with emphasis) and
// become spoiler_open / spoiler_close tokens. Lone or unmatched bars stay text.

const BAR = 0x7c;
// markdown-it's text rule swallows everything up to one of these; `|` is added so that the
// spoiler rule gets to see it.
const TEXT_TERMINATORS = new Set([...'\n!#$%&*+-:<=>@[\\]^_`{}~|'].map((char) => char.charCodeAt(0)));

function text(state: StateInline, silent: boolean): boolean {
  let pos = state.pos;
  while (pos < state.posMax && !TEXT_TERMINATORS.has(state.src.charCodeAt(pos))) pos++;
  if (pos === state.pos) return false;
  if (!silent) state.pending += state.src.slice(state.pos, pos);
  state.pos = pos;
  return true;
}

function tokenize(state: StateInline, silent: boolean): boolean {
  if (silent || state.src.charCodeAt(state.pos) !== BAR) return false;
  const scanned = state.scanDelims(state.pos, true);
  let length = scanned.length;
  if (length < 2) return false;
  if (length % 2 === 1) {
    state.push('text', '', 0).content = '|';
    length--;
  }
  for (let i = 0; i < length; i += 2) {
    state.push('text', '', 0).content = '||';
    state.delimiters.push({ marker: BAR, length: 0, token: state.tokens.length - 1, end: -1, open: scanned.can_open, close: scanned.can_close });
  }
  state.pos += scanned.length;
  return true;
}

function pairUp(state: StateInline, delimiters: StateInline['delimiters']): void {
  for (const start of delimiters) {
    if (start.marker !== BAR || start.end === -1) continue;
    const end = delimiters[start.end];
    const open = state.tokens[start.token];
    const close = end ? state.tokens[end.token] : undefined;
    if (!open || !close) continue;
    Object.assign(open, { type: 'spoiler_open', tag: 'tg-spoiler', nesting: 1, markup: '||', content: '' });
    Object.assign(close, { type: 'spoiler_close', tag: 'tg-spoiler', nesting: -1, markup: '||', content: '' });
  }
}

function postProcess(state: StateInline): void {
  pairUp(state, state.delimiters);
  for (const meta of state.tokens_meta) if (meta?.delimiters) pairUp(state, meta.delimiters);
}

/** markdown-it plugin: `||text||` becomes spoiler_open / spoiler_close tokens (tag tg-spoiler). */
export function markdownSpoilers(md: MarkdownIt): void {
  md.inline.ruler.at('text', text);
  md.inline.ruler.after('strikethrough', 'spoiler', tokenize);
  md.inline.ruler2.after('strikethrough', 'spoiler', postProcess);
}
