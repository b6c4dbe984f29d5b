import type { SessionEntry } from '../../../src-shared/sessions/entry.js';

/** Longest first-message title before it is cut with "…". */
export const TITLE_MAX_CHARS = 60;

/** The start of a first message as a one-line title: whitespace collapsed, cut at a word near {@link TITLE_MAX_CHARS}; undefined when blank. */
export function resolveMessageTitle(text: string | undefined): string | undefined {
  const line = text?.replace(/\s+/g, ' ').trim();
  if (!line) return undefined;
  if (line.length <= TITLE_MAX_CHARS) return line;
  const cut = line.slice(0, TITLE_MAX_CHARS);
  const space = cut.lastIndexOf(' ');
  return `${(space > TITLE_MAX_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** The name a session was given: its label, else the name its channel gave it (display name, origin label); undefined when blank. */
export function resolveEntryName(entry: SessionEntry): string | undefined {
  const named = entry.label ?? entry.display_name ?? entry.origin?.label;
  return named?.trim() ? named : undefined;
}

/**
 * What a conversation is called, never its raw key: its label, else the name its channel gave it
 * (display name, origin label), else its first user message (trimmed), else "New conversation"
 * before anything was said and "Untitled conversation" while the first message is not known.
 */
export function resolveConversationTitle(entry: SessionEntry | undefined, firstUserMessage: string | undefined): string {
  const named = entry ? resolveEntryName(entry) : undefined;
  if (named) return named;
  return resolveMessageTitle(firstUserMessage) ?? (entry ? 'Untitled conversation' : 'New conversation');
}
