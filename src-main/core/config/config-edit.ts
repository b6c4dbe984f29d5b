import { isMap, LineCounter, parseDocument, type Document } from 'yaml';
import { isSecretKey, REDACTED_VALUE } from '../../../src-shared/config/redact.js';
import { findKeyOffset } from '../../../src-shared/config/yaml-key-position.js';
import type { ConfigIssue } from '../../../src-shared/config/snapshot.js';
import type { ConfigWriteBody } from '../../../src-shared/protocol/settings.js';
import { formatConfigPath, parseConfigPath } from '../../../src-shared/config/key-path.js';
import { isPlainObject, setOwnProperty } from '../../../src-shared/utils/common.js';
import { resolveConfigFormat } from './parse-config-file.js';

/** One key to set (or, with `value` undefined, remove) in the config file. */
export interface ConfigChange {
  /** Key path from the top, e.g. `['gateway', 'port']`; segments are never split on dots. */
  path: readonly string[];
  value?: unknown;
}

/** An edit of the config file: keys to change (the settings forms), or the whole new text (the raw tab). */
export type ConfigEdit = { changes: readonly ConfigChange[] } | { raw: string };

/** The issues of a refused write as they may leave the process: each message through the scrubber, like every error text. */
export function scrubConfigIssues(issues: readonly LocatedConfigIssue[], scrub: (text: string) => string): LocatedConfigIssue[] {
  return issues.map((issue) => ({ ...issue, message: scrub(issue.message) }));
}

/** The edit a settings write asks for: dotted `set` keys become paths (values as given), `unset` keys removals. */
export function resolveConfigEdit(body: ConfigWriteBody): ConfigEdit {
  if (body.raw !== undefined) return { raw: body.raw };
  return {
    changes: [
      ...Object.entries(body.set ?? {}).map(([key, value]) => ({ path: key.split('.'), value })),
      ...(body.unset ?? []).map((key) => ({ path: key.split('.') })),
    ],
  };
}

/** A config issue placed in the text, for the raw editor. */
export interface LocatedConfigIssue extends ConfigIssue {
  line?: number;
  column?: number;
}

/** Why an update was refused; nothing was written. */
export class ConfigUpdateError extends Error {
  override readonly name = 'ConfigUpdateError';

  constructor(
    readonly code: 'conflict' | 'invalid' | 'write_failed',
    message: string,
    readonly issues: LocatedConfigIssue[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

type Segment = string | number;
const ENV_REFERENCE = /\$\{[A-Za-z_][A-Za-z0-9_]*\}/;

function getIn(root: unknown, path: readonly Segment[]): unknown {
  let node = root;
  for (const segment of path) {
    if (Array.isArray(node) && typeof segment === 'number') node = node[segment];
    else if (isPlainObject(node) && Object.hasOwn(node, segment)) node = node[String(segment)];
    else return undefined;
  }
  return node;
}

/** Every string leaf under `value`, with its path relative to `value`. */
function collectStrings(value: unknown, prefix: Segment[] = [], out: { path: Segment[]; value: string }[] = []): { path: Segment[]; value: string }[] {
  if (typeof value === 'string') out.push({ path: prefix, value });
  else if (Array.isArray(value)) value.forEach((item, index) => collectStrings(item, [...prefix, index], out));
  else if (isPlainObject(value)) for (const [key, item] of Object.entries(value)) collectStrings(item, [...prefix, key], out);
  return out;
}

/** The key paths whose value in the file (before substitution) holds a `${VAR}` reference. */
export function resolveEnvReferencePaths(parsed: unknown): string[] {
  return collectStrings(parsed)
    .filter((leaf) => ENV_REFERENCE.test(leaf.value))
    .map((leaf) => formatConfigPath(leaf.path));
}

/**
 * The value to write where an edit carries the redaction placeholder: the file's own value at that
 * path (the client saw it redacted and left it alone), or an issue when the file has none there.
 */
function restorePlaceholder(current: unknown, path: readonly Segment[], value: string, issues: ConfigIssue[]): string {
  const existing = getIn(current, path);
  if (value === REDACTED_VALUE && typeof existing === 'string') return existing;
  if (value !== REDACTED_VALUE && typeof existing === 'string' && existing !== value) {
    // A URL whose credentials were redacted in place (`https://__OPENCLAW_REDACTED__@host`): the file's
    // value is kept only when the rest of the text is unchanged.
    const [before = '', after = ''] = value.split(REDACTED_VALUE, 2);
    if (existing.startsWith(before) && existing.endsWith(after) && value.split(REDACTED_VALUE).length === 2) return existing;
  }
  issues.push({
    path: formatConfigPath(path),
    message: `holds the placeholder ${REDACTED_VALUE} but the file has no value to keep there; type the real value`,
  });
  return value;
}

/** Form edits: placeholders become the file's values (or the change is dropped), secrets over `${VAR}` references are refused. */
function resolveFormChanges(current: unknown, changes: readonly ConfigChange[]): ConfigChange[] {
  const issues: ConfigIssue[] = [];
  const resolved: ConfigChange[] = [];
  for (const change of changes) {
    if (change.value === undefined) {
      resolved.push(change);
      continue;
    }
    // A key under a value (gateway.port.x) would need that value replaced by a section: refused, never guessed.
    const blocked = change.path.slice(0, -1).findIndex((_, index) => {
      const above = getIn(current, change.path.slice(0, index + 1));
      return above !== undefined && above !== null && !isPlainObject(above);
    });
    if (blocked !== -1) {
      const parent = formatConfigPath(change.path.slice(0, blocked + 1));
      issues.push({ path: formatConfigPath(change.path), message: `${parent} holds a value, not a section; set ${parent} itself instead` });
      continue;
    }
    if (change.value === REDACTED_VALUE && typeof getIn(current, change.path) === 'string') continue;
    let value = structuredClone(change.value);
    for (const leaf of collectStrings(value)) {
      const full = [...change.path, ...leaf.path];
      const existing = getIn(current, full);
      if (leaf.value.includes(REDACTED_VALUE)) {
        const restored = restorePlaceholder(current, full, leaf.value, issues);
        if (leaf.path.length === 0) value = restored;
        else setLeaf(value, leaf.path, restored);
        continue;
      }
      const key = full.at(-1);
      if (typeof key === 'string' && isSecretKey(key) && typeof existing === 'string' && ENV_REFERENCE.test(existing) && existing !== leaf.value) {
        issues.push({
          path: formatConfigPath(full),
          message: `comes from an environment variable (${existing.match(ENV_REFERENCE)?.[0]}); set that variable instead of typing the secret here, or remove the reference first`,
        });
      }
    }
    resolved.push({ path: change.path, value });
  }
  if (issues.length > 0) throw new ConfigUpdateError('invalid', 'The change was refused; nothing was written', issues);
  return resolved;
}

function setLeaf(root: unknown, path: readonly Segment[], value: string): void {
  const parent = getIn(root, path.slice(0, -1));
  const key = path.at(-1) as string | number;
  if (Array.isArray(parent)) parent[key as number] = value;
  else setOwnProperty(parent as Record<string, unknown>, String(key), value);
}

/** Sets (or, with `value` undefined, removes) a key path through own properties only: `__proto__` in a path is a key, never the prototype. */
function setIn(target: Record<string, unknown>, keys: readonly string[], value: unknown): void {
  const [key, ...rest] = keys;
  if (key === undefined) return;
  if (rest.length === 0) {
    if (value === undefined) delete target[key];
    else setOwnProperty(target, key, value);
    return;
  }
  const child = Object.hasOwn(target, key) ? target[key] : undefined;
  const next = isPlainObject(child) ? child : {};
  if (value === undefined && child === undefined) return;
  setOwnProperty(target, key, next);
  setIn(next, rest, value);
}

function parseJsonRoot(filePath: string, text: string | null): Record<string, unknown> {
  if (text === null || text.trim() === '') return {};
  try {
    const root: unknown = JSON.parse(text);
    return isPlainObject(root) ? root : {};
  } catch {
    // The parse error's text would quote the file; the snapshot already names its line and column.
    throw new ConfigUpdateError('invalid', `${filePath} is not valid JSON; fix it (or remove it) before changing settings`);
  }
}

function parseYamlDocument(filePath: string, text: string): Document {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigUpdateError('invalid', `${filePath} is not valid YAML; fix it (or remove it) before changing settings`);
  }
  return doc;
}

/** The file's current values before `${VAR}` substitution (what placeholders and references are checked against). */
function readCurrentValues(filePath: string, text: string | null): unknown {
  if (text === null || text.trim() === '') return {};
  if (resolveConfigFormat(filePath) === 'json') return parseJsonRoot(filePath, text);
  return parseYamlDocument(filePath, text).toJS({ maxAliasCount: 100 });
}

/** The raw tab's text with every placeholder put back to the file's value (YAML keeps the text as typed elsewhere). */
function resolveRawText(filePath: string, current: unknown, text: string): string {
  if (!text.includes(REDACTED_VALUE)) return text;
  const issues: ConfigIssue[] = [];
  if (resolveConfigFormat(filePath) === 'json') {
    let root: unknown;
    try {
      root = JSON.parse(text);
    } catch {
      // Left for validation to report with its line and column; nothing to restore in a broken file.
      return text;
    }
    for (const leaf of collectStrings(root)) {
      if (leaf.value.includes(REDACTED_VALUE)) setLeaf(root, leaf.path, restorePlaceholder(current, leaf.path, leaf.value, issues));
    }
    if (issues.length > 0) throw new ConfigUpdateError('invalid', 'The text was refused; nothing was written', issues);
    return `${JSON.stringify(root, null, 2)}\n`;
  }
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) return text;
  for (const leaf of collectStrings(doc.toJS({ maxAliasCount: 100 }))) {
    if (leaf.value.includes(REDACTED_VALUE)) doc.setIn(leaf.path, restorePlaceholder(current, leaf.path, leaf.value, issues));
  }
  if (issues.length > 0) throw new ConfigUpdateError('invalid', 'The text was refused; nothing was written', issues);
  return restoreLineLayout(text, doc.toString());
}

// How far ahead an unchanged line is looked for: edits add or remove a few lines, not pages.
const LINE_MATCH_WINDOW = 64;

/**
 * The Document API re-prints every line: comment alignment, flow-list spacing (`[a,b]` becomes
 * `[ a, b ]`) and trailing spaces change on lines nobody edited. Each printed line that differs from
 * a nearby original line only in whitespace gets the original back; the result must parse to the
 * same values as the printed text, or the printed text is kept.
 */
function restoreLineLayout(original: string, printed: string): string {
  // Whitespace inside quotes is part of a value, so it must match exactly.
  const squash = (line: string): string => line.replace(/("(?:[^"\\]|\\.)*"|'(?:[^']|'')*')|\s+/g, (_match, quoted?: string) => quoted ?? '');
  const before = original.split('\n');
  let next = 0;
  const lines = printed.split('\n').map((line) => {
    const target = squash(line);
    for (let index = next; index < Math.min(before.length, next + LINE_MATCH_WINDOW); index++) {
      const candidate = before[index] as string;
      if (squash(candidate) === target && candidate.trim() !== '') {
        next = index + 1;
        return candidate;
      }
    }
    return line;
  });
  const restored = lines.join('\n');
  return JSON.stringify(parseDocument(restored).toJS({ maxAliasCount: 100 })) === JSON.stringify(parseDocument(printed).toJS({ maxAliasCount: 100 })) ? restored : printed;
}

/**
 * The file's new text after an edit: form changes are made in place (YAML keeps its comments, key
 * order and quoting through the Document API; JSON is rewritten), raw text is taken as typed. In
 * both, the redaction placeholder keeps the file's value, and a form may not type a secret over a
 * `${VAR}` reference. Throws ConfigUpdateError `invalid` with the issues.
 */
export function resolveEditedText(filePath: string, text: string | null, edit: ConfigEdit): string {
  const current = readCurrentValues(filePath, text);
  if ('raw' in edit) return resolveRawText(filePath, current, edit.raw);
  const changes = resolveFormChanges(current, edit.changes);
  if (resolveConfigFormat(filePath) === 'json') {
    const root = parseJsonRoot(filePath, text);
    for (const change of changes) setIn(root, change.path, change.value);
    return `${JSON.stringify(root, null, 2)}\n`;
  }
  const doc = parseYamlDocument(filePath, text ?? '');
  // The starter file is `{}` under its comments: filled in as a flow map, it would become one long line.
  if (isMap(doc.contents) && doc.contents.flow && doc.contents.items.length === 0) doc.contents.flow = false;
  for (const change of changes) {
    if (change.value === undefined) {
      if (doc.hasIn(change.path)) doc.deleteIn(change.path);
    } else {
      doc.setIn(change.path, change.value);
    }
  }
  return restoreLineLayout(text ?? '', doc.toString());
}

/** Adds the line and column of each issue's key in `text` (its deepest part that exists), for the raw editor. */
export function resolveIssueLocations(text: string, issues: readonly ConfigIssue[]): LocatedConfigIssue[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false });
  return issues.map((issue) => {
    if (issue.path === '' || doc.errors.length > 0) return issue;
    const offset = findKeyOffset(doc, parseConfigPath(issue.path));
    if (offset === undefined) return issue;
    const { line, col } = lineCounter.linePos(offset);
    return { ...issue, line, column: col };
  });
}
