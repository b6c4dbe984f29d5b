import type { TelegramConfig } from '../../../src-shared/config/schema.js';

// Splits Telegram HTML into messages of at most `limit` visible characters (what Telegram counts:
// tags are free, an entity is one character; UTF-16 units, as the Bot API measures). A tag open at
// a cut is closed at the end of one chunk and reopened at the start of the next, so every chunk is
// well-formed on its own; surrogate pairs and entities are never split.

interface Atom {
  html: string;
  /** Visible UTF-16 length; 0 for tags. */
  size: number;
  kind: 'open' | 'close' | 'text';
  /** Tag name for open/close atoms. */
  name?: string;
}

interface Break {
  /** Index of the whitespace atom the chunk ends before (it is dropped). */
  atom: number;
  visible: number;
  /** Tags open at the break. */
  stack: Atom[];
}

const ATOM_PATTERN = /<\/?([a-z][a-z0-9-]*)[^>]*>|&(?:#\d+|#x[0-9a-f]+|[a-z]+);|[\s\S]/giu;

function tokenize(html: string): Atom[] {
  const atoms: Atom[] = [];
  for (const match of html.matchAll(ATOM_PATTERN)) {
    const text = match[0];
    if (match[1] !== undefined) {
      atoms.push({ html: text, size: 0, kind: text.startsWith('</') ? 'close' : 'open', name: match[1].toLowerCase() });
    } else {
      atoms.push({ html: text, size: text.startsWith('&') ? 1 : text.length, kind: 'text' });
    }
  }
  return atoms;
}

function breakPriority(atoms: readonly Atom[], index: number): number {
  const html = atoms[index]?.html;
  if (html === '\n') return atoms[index - 1]?.html === '\n' || atoms[index + 1]?.html === '\n' ? 3 : 2;
  if (html === ' ' || html === '\t') return 1;
  return 0;
}

const opening = (stack: readonly Atom[]): string => stack.map((atom) => atom.html).join('');
const closing = (stack: readonly Atom[]): string =>
  stack
    .map((atom) => `</${atom.name ?? ''}>`)
    .reverse()
    .join('');

const isBlank = (atom: Atom | undefined): boolean => atom?.kind === 'text' && /^\s$/.test(atom.html);

/**
 * Splits Telegram HTML into chunks of at most `limit` visible characters, cutting at a blank line,
 * else a line break, else a space in the second half of the chunk, else mid-word; tags open at a
 * cut are closed and reopened, whitespace at the cut is dropped and empty chunks are left out.
 */
export function chunkTelegramHtml(html: string, limit: number): string[] {
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`chunk limit must be a positive whole number (got ${limit})`);
  const atoms = tokenize(html);
  const chunks: string[] = [];
  let start = 0;
  let stack: Atom[] = [];
  while (start < atoms.length) {
    // A chunk does not start with the rest of a blank line, nor (outside code) with spaces.
    const inPre = stack.some((atom) => atom.name === 'pre');
    while (start < atoms.length && isBlank(atoms[start]) && (atoms[start]?.html === '\n' || !inPre)) start++;
    const startStack = [...stack];
    let visible = 0;
    // The latest break of each priority (1 space, 2 line break, 3 blank line).
    const latest: (Break | undefined)[] = [];
    let cut: Break | undefined;
    let skipCutAtom = false;
    let end = start;
    for (; end < atoms.length; end++) {
      const atom = atoms[end] as Atom;
      if (atom.kind === 'text' && visible + atom.size > limit && visible > 0) {
        const preferred = [3, 2, 1].map((p) => latest[p]).find((b) => b !== undefined && b.visible >= limit / 2);
        cut = preferred ?? { atom: end, visible, stack: [...stack] };
        skipCutAtom = preferred !== undefined;
        break;
      }
      const priority = atom.kind === 'text' ? breakPriority(atoms, end) : 0;
      if (priority > 0 && visible > 0) latest[priority] = { atom: end, visible, stack: [...stack] };
      if (atom.kind === 'open') stack.push(atom);
      else if (atom.kind === 'close') {
        const at = stack.map((open) => open.name).lastIndexOf(atom.name);
        if (at >= 0) stack.splice(at, 1);
      }
      visible += atom.size;
    }
    const stop = cut ? cut.atom : atoms.length;
    const endStack = cut ? cut.stack : stack;
    let lastVisible = -1;
    for (let k = start; k < stop; k++) if (atoms[k]?.kind === 'text' && !isBlank(atoms[k])) lastVisible = k;
    if (lastVisible >= 0) {
      let body = '';
      for (let k = start; k < stop; k++) {
        const atom = atoms[k] as Atom;
        // Whitespace after the last visible character would only pad the end of the message.
        if (k > lastVisible && isBlank(atom)) continue;
        body += atom.html;
      }
      chunks.push(`${opening(startStack)}${body}${closing(endStack)}`);
    }
    stack = [...endStack];
    start = skipCutAtom ? stop + 1 : stop;
  }
  return chunks;
}

/**
 * Splits rendered reply blocks into messages: `length` joins the blocks with blank lines and cuts
 * at `limit`; `newline` sends each block (paragraph) as its own message, cut at `limit` when longer.
 */
export function chunkTelegramReply(blocks: readonly string[], limit: number, mode: TelegramConfig['chunk_mode']): string[] {
  if (mode === 'newline') return blocks.flatMap((block) => chunkTelegramHtml(block, limit));
  return chunkTelegramHtml(blocks.join('\n\n'), limit);
}
