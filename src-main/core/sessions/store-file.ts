import type { BigIntStats } from 'node:fs';
import { open, readdir, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { SessionEntrySchema, createEmptySessionStore, type SessionEntry, type SessionStore } from '../../../src-shared/sessions/entry.js';
import { describeError, setOwnProperty } from '../../../src-shared/utils/common.js';
import { formatZodIssueLines } from '../../../src-shared/utils/zod-issues.js';
import { resolveJsonSyntaxError } from '../config/json-syntax-error.js';
import { writeFileAtomic } from '../utils/atomic-file.js';
import { isJsonEqual } from './mutation-view.js';
import { isErrnoException, pathExists } from '../utils/fs.js';

export const SESSION_STORE_FILE_MODE = 0o600;
export const SESSION_STORE_DIR_MODE = 0o700;

export interface StoreFileBytes {
  bytes: Buffer;
  version: string;
  /** The version plus the ctime: changes with any write to the file, even one that puts size and mtime back. */
  signature: string;
  size: number;
}

export interface ParsedStore {
  /** Entries that passed SessionEntrySchema (its output objects, defaults applied). */
  store: SessionStore;
  /** Raw values of entries that failed the schema; updates write them back untouched. */
  unreadable: Map<string, unknown>;
  /** One `key: path: message` line per skipped entry. */
  skipped: string[];
}

export type ParseStoreResult = { ok: true; parsed: ParsedStore } | { ok: false; reason: string };

/** Derives the store version from a stat: inode, size and mtime change on every atomic replace. */
export function resolveStoreVersion(stats: BigIntStats): string {
  return `${stats.ino.toString(36)}-${stats.size.toString(36)}-${stats.mtimeNs.toString(36)}`;
}

/** The version plus the ctime, which no writer can put back: equal signatures mean nobody wrote to the file in between. */
export function resolveStoreSignature(stats: BigIntStats): string {
  return `${resolveStoreVersion(stats)}-${stats.ctimeNs.toString(36)}`;
}

/** Stats the store: its version and signature, or undefined when it is missing. */
export async function readStoreIdentity(storePath: string): Promise<{ version: string; signature: string } | undefined> {
  try {
    const stats = await stat(storePath, { bigint: true });
    return { version: resolveStoreVersion(stats), signature: resolveStoreSignature(stats) };
  } catch (error) {
    if (isErrnoException(error) && error.code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Opens the store for reading; undefined when there is no store yet. */
async function openStoreFile(storePath: string): Promise<FileHandle | undefined> {
  try {
    return await open(storePath, 'r');
  } catch (error) {
    if (isErrnoException(error) && error.code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Reads the store's bytes and the version of exactly those bytes (fstat on the same descriptor); undefined when missing. */
export async function readStoreFileBytes(storePath: string): Promise<StoreFileBytes | undefined> {
  const handle = await openStoreFile(storePath);
  if (!handle) return undefined;
  try {
    const stats = await handle.stat({ bigint: true });
    const bytes = await handle.readFile();
    return { bytes, version: resolveStoreVersion(stats), signature: resolveStoreSignature(stats), size: bytes.length };
  } finally {
    await handle.close();
  }
}

/**
 * Validates one entry against SessionEntrySchema, returning its parsed copy, frozen all the way down
 * (entries go into a cache whose objects are shared with every reader), or `key.path: message` lines.
 */
export function validateSessionEntry(
  key: string,
  value: unknown,
): { ok: true; entry: SessionEntry } | { ok: false; issues: string[] } {
  const result = SessionEntrySchema.safeParse(value);
  if (result.success) return { ok: true, entry: freezeDeep(result.data) };
  return {
    ok: false,
    issues: formatZodIssueLines(result.error.issues, { prefix: [JSON.stringify(key)] }),
  };
}

function freezeDeep<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  // Frozen before its children, so a value reached twice is not walked twice.
  Object.freeze(value);
  for (const child of Object.values(value)) freezeDeep(child);
  return value;
}

/**
 * Parses store bytes: a JSON object of entries (a UTF-8 BOM is tolerated); anything else is a reason to
 * quarantine. An entry equal to the one `previous` (the last parse) has under its key is that same object:
 * a re-read after someone changed a few entries shares the rest, and their serialised form, with the last.
 */
export function parseStoreBytes(bytes: Buffer, previous?: SessionStore): ParseStoreResult {
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return { ok: false, reason: 'the file is empty' };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // V8's message quotes the text around the error: place it by line and column instead.
    const syntax = resolveJsonSyntaxError(text);
    if (!syntax) return { ok: false, reason: 'invalid JSON' };
    const before = text.slice(0, syntax.offset);
    const line = before.split('\n').length;
    return { ok: false, reason: `invalid JSON at line ${line}, column ${syntax.offset - before.lastIndexOf('\n')}: ${syntax.description}` };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    const kind = raw === null ? 'null' : Array.isArray(raw) ? 'an array' : `a ${typeof raw}`;
    return { ok: false, reason: `the top level is ${kind}, not an object of session entries` };
  }
  const parsed: ParsedStore = { store: createEmptySessionStore(), unreadable: new Map(), skipped: [] };
  for (const [key, value] of Object.entries(raw)) {
    const candidate = previous && Object.hasOwn(previous, key) ? previous[key] : undefined;
    // Only frozen (validated, committed) objects: a running update batch's store also holds the copies its mutators are changing.
    const known = candidate && Object.isFrozen(candidate) ? candidate : undefined;
    // Equal to a validated entry, so valid: no schema check for what did not change.
    if (known && isJsonEqual(value, known)) {
      setOwnProperty(parsed.store, key, known);
      continue;
    }
    const result = validateSessionEntry(key, value);
    if (result.ok) {
      // A file written by someone else may lack the defaults the schema fills in: still the same entry.
      setOwnProperty(parsed.store, key, known && isJsonEqual(result.entry, known) ? known : result.entry);
    } else {
      parsed.unreadable.set(key, value);
      parsed.skipped.push(...result.issues);
    }
  }
  return { ok: true, parsed };
}

/** One entry's serialised form, remembered per entry object (entries in the store are never changed in place). */
export type StoreFragmentCache = WeakMap<object, { key: string; chunk: Buffer }>;

/** Where each readable entry's chunk sits in a serialised store, so a later write of the same keys can replace just those chunks. */
export type StoreChunkIndex = Map<string, number>;

function entryChunk(key: string, value: unknown, fragments: StoreFragmentCache, remember: boolean): Buffer {
  const known = value !== null && typeof value === 'object' ? fragments.get(value) : undefined;
  if (known?.key === key) return known.chunk;
  // One level deeper than the entry's own indentation: its lines gain the two spaces of the store object.
  const chunk = Buffer.from(`  ${JSON.stringify(key)}: ${JSON.stringify(value, null, 2).replaceAll('\n', '\n  ')}`, 'utf8');
  if (remember && value !== null && typeof value === 'object') fragments.set(value, { key, chunk });
  return chunk;
}

/**
 * Serialises the store as indented JSON (the bytes `JSON.stringify(store, null, 2)` and a newline
 * would give), appending the unreadable entries it does not override, as chunks whose concatenation
 * is the file: each entry's chunk is kept in `fragments`, so a write re-serialises only the entries
 * that changed and never builds the whole file as one string. `index` is filled with the place of
 * each readable entry's chunk, for patchStoreChunks.
 */
export function serializeStoreChunks(store: SessionStore, unreadable: ReadonlyMap<string, unknown>, fragments: StoreFragmentCache, index: StoreChunkIndex): Buffer[] {
  const separator = Buffer.from(',\n');
  const chunks: Buffer[] = [Buffer.from('{\n')];
  // for-in rather than Object.entries: no [key, value] pair per entry on every write (store objects have no prototype).
  for (const key in store) {
    if (chunks.length > 1) chunks.push(separator);
    index.set(key, chunks.length);
    chunks.push(entryChunk(key, store[key], fragments, true));
  }
  for (const [key, value] of unreadable) {
    if (Object.hasOwn(store, key)) continue;
    if (chunks.length > 1) chunks.push(separator);
    chunks.push(entryChunk(key, value, fragments, false));
  }
  if (chunks.length === 1) return [Buffer.from('{}\n')];
  chunks.push(Buffer.from('\n}\n'));
  return chunks;
}

/**
 * Brings `chunks`, a serialisation of `store` whose `index` names exactly its keys, up to date after
 * the entries of `changed` were replaced, by replacing just their chunks in place: a write of a few
 * entries of 20,000 then walks none of the others. False, with nothing touched, when a changed key
 * was added or deleted (the keys and their order are no longer the index's): serialise afresh.
 */
export function patchStoreChunks(chunks: Buffer[], index: StoreChunkIndex, store: SessionStore, changed: Iterable<string>, fragments: StoreFragmentCache): boolean {
  const places: Array<[number, string]> = [];
  for (const key of changed) {
    const at = index.get(key);
    if (at === undefined || !Object.hasOwn(store, key)) return false;
    places.push([at, key]);
  }
  for (const [at, key] of places) chunks[at] = entryChunk(key, store[key], fragments, true);
  return true;
}

/** A good block size for readStoreFileUnlessSame's scratch buffer (256 KiB). */
export const COMPARE_BLOCK_BYTES = 256 * 1024;

/** The file's version and size, with `known` back when the file is exactly it, else with its bytes. */
export type StoreFileCheck<K> = { same: true; known: K; version: string; signature: string; size: number } | ({ same: false } & StoreFileBytes);

/**
 * Opens the store and compares it with `known` block by block (no copy of the whole file) when the
 * sizes match; reads it whole only when it differs. Undefined when the file is missing. The blocks are
 * read into `scratch` (its length is the block size; COMPARE_BLOCK_BYTES suits), which a writer keeps
 * from one write to the next rather than leaving a block-sized buffer per write to the GC.
 */
export async function readStoreFileUnlessSame<K extends { chunks: readonly Buffer[]; size: number }>(
  storePath: string,
  known: K | undefined,
  scratch: Buffer,
): Promise<StoreFileCheck<K> | undefined> {
  const handle = await openStoreFile(storePath);
  if (!handle) return undefined;
  try {
    const stats = await handle.stat({ bigint: true });
    const version = resolveStoreVersion(stats);
    const signature = resolveStoreSignature(stats);
    const size = Number(stats.size);
    if (known && known.size === size && (await fileEquals(handle, size, known.chunks, scratch))) return { same: true, known, version, signature, size };
    const bytes = await handle.readFile();
    return { same: false, bytes, version, signature, size: bytes.length };
  } finally {
    await handle.close();
  }
}

async function fileEquals(handle: FileHandle, size: number, chunks: readonly Buffer[], block: Buffer): Promise<boolean> {
  let chunkIndex = 0;
  let chunkOffset = 0;
  for (let position = 0; position < size; ) {
    const { bytesRead } = await handle.read(block, 0, Math.min(block.length, size - position), position);
    if (bytesRead === 0) return false;
    for (let at = 0; at < bytesRead; ) {
      const chunk = chunks[chunkIndex];
      if (!chunk) return false;
      const n = Math.min(chunk.length - chunkOffset, bytesRead - at);
      if (n > 0 && block.compare(chunk, chunkOffset, chunkOffset + n, at, at + n) !== 0) return false;
      at += n;
      chunkOffset += n;
      if (chunkOffset >= chunk.length) {
        chunkIndex += 1;
        chunkOffset = 0;
      }
    }
    position += bytesRead;
  }
  return true;
}

/** Moves the store aside to `<store>.corrupt-<nowMs>` (same dir, bytes untouched) and returns the new path. */
export async function quarantineStoreFile(storePath: string, nowMs: number): Promise<string> {
  let quarantinePath = `${storePath}.corrupt-${nowMs}`;
  for (let n = 1; (await pathExists(quarantinePath)) && n < 1000; n += 1) quarantinePath = `${storePath}.corrupt-${nowMs}-${n}`;
  await rename(storePath, quarantinePath);
  return quarantinePath;
}

/** Replaces the store atomically (see writeFileAtomic; mode 0600), `beforeRename` being the lock check; returns the new version. */
export async function writeStoreFileAtomic(storePath: string, bytes: Buffer | readonly Buffer[], beforeRename: () => void = () => undefined): Promise<string> {
  return resolveStoreVersion(await writeFileAtomic(storePath, bytes, { mode: SESSION_STORE_FILE_MODE, beforeRename }));
}

/**
 * Deletes temp files left by writers that died mid-write (`<store>.<pid>.<hex>.tmp`, `<store>.bak.1.tmp`);
 * call it only while holding the lock, when no live writer can own one. Returns how many were removed.
 */
export async function removeOrphanTempFiles(storePath: string): Promise<number> {
  const dir = path.dirname(storePath);
  const base = path.basename(storePath);
  let removed = 0;
  for (const name of await readdir(dir)) {
    if (!name.startsWith(`${base}.`) || !/^\.(?:\d+\.[0-9a-f]+|bak\.1)\.tmp$/.test(name.slice(base.length))) continue;
    await unlink(path.join(dir, name)).then(
      () => (removed += 1),
      () => undefined, // Gone already, or not ours to delete: either way not worth failing a write over.
    );
  }
  return removed;
}
