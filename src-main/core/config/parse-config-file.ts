import path from 'node:path';
import { isAlias, isMap, isNode, isScalar, isSeq, parseDocument, visit, type Document, type ErrorCode } from 'yaml';
import { isSecretKey } from '../../../src-shared/config/redact.js';
import { isRecord } from '../../../src-shared/utils/common.js';
import { ConfigParseError } from './errors.js';
import { resolveJsonSyntaxError } from './json-syntax-error.js';

export type ConfigFormat = 'yaml' | 'json';

/** Picks the parser from the file extension: `.json` is JSON, everything else (`.yaml`, `.yml`, none, unknown) is YAML, which also reads JSON. */
export function resolveConfigFormat(filePath: string): ConfigFormat {
  return path.extname(filePath).toLowerCase() === '.json' ? 'json' : 'yaml';
}

// The parsers' own messages quote the file ("Not a YAML token: <text>", "Unresolved alias: <name>",
// V8's `"<source>" is not valid JSON`), and the file holds passwords: every message a parse error
// carries is one of these fixed descriptions, placed by line, column and key.
const YAML_DESCRIPTIONS: Readonly<Partial<Record<ErrorCode, string>>> = {
  ALIAS_PROPS: 'an alias (*name) cannot have an anchor or a tag',
  BAD_ALIAS: 'an alias (*name) is malformed; if the value is text starting with *, put it in quotes',
  BAD_DIRECTIVE: 'a "%" directive line is not valid YAML',
  BAD_DQ_ESCAPE: 'a double-quoted value holds an invalid "\\" escape; write \\\\ for a backslash, or use single quotes',
  BAD_INDENT: 'the indentation does not line up: keys of one section must start in the same column',
  BAD_PROP_ORDER: 'an anchor (&) or tag (!) is in the wrong place',
  BAD_SCALAR_START: 'a plain value cannot start with this character; put the value in quotes',
  BLOCK_AS_IMPLICIT_KEY: 'a value holds ": " after a key, which YAML reads as another key; put the value in quotes',
  BLOCK_IN_FLOW: 'an indented block is inside [ ] or { }; write it on one line or drop the brackets',
  DUPLICATE_KEY: 'the same key appears twice in one section; keep one',
  KEY_OVER_1024_CHARS: 'a key is longer than 1024 characters (a missing ":" or line break?)',
  MISSING_CHAR: 'a quote, bracket or brace is not closed, or a separator is missing',
  MULTILINE_IMPLICIT_KEY: 'a key runs over several lines (a missing ":"?); keys must be on one line',
  MULTIPLE_ANCHORS: 'a value has more than one anchor (&)',
  MULTIPLE_DOCS: 'the file holds more than one YAML document (a "---" line); keep a single document',
  MULTIPLE_TAGS: 'a value has more than one tag (!)',
  NON_STRING_KEY: 'a key is a list or mapping; keys must be plain text',
  RESOURCE_EXHAUSTION: 'the file nests too deeply, or its aliases (*name) expand to too much data',
  TAB_AS_INDENT: 'a tab is used for indentation; indent with spaces',
  UNEXPECTED_TOKEN: 'unexpected text here (a missing ":", quote or line break?)',
  BAD_COLLECTION_TYPE: 'a tag (!) does not fit this list or mapping',
};
const YAML_DEFAULT_DESCRIPTION = 'this is not valid YAML';
const UNRESOLVED_ALIAS =
  'an alias (*name) names an anchor (&name) that is not defined above it; if the value is text starting with *, put it in quotes';
const YAML_UNBUILDABLE = 'the YAML cannot be turned into a config (aliases that expand too far or refer to themselves?)';

// Keys are named only when they look like config keys, and only real keys: a "key" inside a broken
// value (`password: abc: def` reads "abc" as one) is file content.
const NAMEABLE_KEY = /^[A-Za-z0-9_-]{1,64}$/;
// Walking deeper than any real config ends the key path there.
const MAX_KEY_PATH_DEPTH = 64;

function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lastNewline = before.lastIndexOf('\n');
  return { line: before.split('\n').length, column: offset - lastNewline };
}

/** True when a key starts a line (after indentation and "- ") or follows "{" or "," in a flow mapping. */
function isKeyPosition(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  return /^[\s-]*$/.test(before) || /[{,]\s*$/.test(before);
}

/** True when `offset` lies before a node's end (its end is the next line's start), or at the end of a file cut short inside it. */
function contains(end: number, offset: number, text: string): boolean {
  return offset < end || (offset === end && end >= text.length);
}

/** The dotted key path of the value around `offset`; it stops at a secret key, whose contents are never named. */
function resolveYamlKeyPath(doc: Document, text: string, offset: number): string {
  const segments: string[] = [];
  let node: unknown = doc.contents;
  for (let depth = 0; depth < MAX_KEY_PATH_DEPTH; depth++) {
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.findLast((item) => isNode(item.key) && item.key.range != null && item.key.range[0] <= offset);
      if (!pair || !isScalar(pair.key) || !pair.key.range || !isKeyPosition(text, pair.key.range[0])) break;
      const end = isNode(pair.value) && pair.value.range ? pair.value.range[2] : pair.key.range[2];
      if (!contains(end, offset, text)) break;
      const name = String(pair.key.value);
      segments.push(NAMEABLE_KEY.test(name) ? name : '…');
      if (isSecretKey(name)) break;
      next = pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findLastIndex((item) => isNode(item) && item.range != null && item.range[0] <= offset);
      const item = node.items[index];
      if (!isNode(item) || !item.range || !contains(item.range[2], offset, text)) break;
      segments.push(`[${index}]`);
      next = node.items[index];
    } else {
      break;
    }
    node = next;
  }
  return segments.join('.').replace(/\.\[/g, '[');
}

/** Where the first alias is whose anchor is not defined before it (YAML resolves aliases backwards only); undefined when none. */
function findUnresolvedAlias(doc: Document): number | undefined {
  const anchors = new Set<string>();
  let found: number | undefined;
  // One pass in document order, as Alias.resolve looks: re-resolving each alias would be quadratic.
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) {
        if (!anchors.has(node.source)) {
          found = node.range?.[0] ?? 0;
          return visit.BREAK;
        }
      } else if (node.anchor) {
        anchors.add(node.anchor);
      }
      return undefined;
    },
  });
  return found;
}

/** A parsed document's value and where its top-level node starts. */
interface ParsedDocument {
  value: unknown;
  offset: number;
}

/** Names the kind of a top-level value without quoting it (a scalar may be a pasted secret). */
function describeTopLevelKind(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string' ? 'a text' : `a ${typeof value}`;
}

function parseYaml(content: string, filePath: string): ParsedDocument {
  const doc = parseDocument(content, { prettyErrors: false, uniqueKeys: true });
  const fail = (offset: number, description: string): never => {
    const { line, column } = lineColumnAt(content, offset);
    throw new ConfigParseError(filePath, line, column, description, { key: resolveYamlKeyPath(doc, content, offset) });
  };
  const [error] = doc.errors;
  if (error) fail(error.pos[0], YAML_DESCRIPTIONS[error.code] ?? YAML_DEFAULT_DESCRIPTION);
  const unresolved = findUnresolvedAlias(doc);
  if (unresolved !== undefined) fail(unresolved, UNRESOLVED_ALIAS);
  try {
    return { value: doc.toJS(), offset: doc.contents?.range?.[0] ?? 0 };
  } catch {
    // toJS throws with the alias's name or data in its message; the fixed description replaces it.
    throw new ConfigParseError(filePath, 1, 1, YAML_UNBUILDABLE);
  }
}

function parseJson(content: string, filePath: string): ParsedDocument {
  try {
    return { value: JSON.parse(content) as unknown, offset: content.search(/\S/) };
  } catch {
    // V8's message quotes the source around the error; the scanner places it without quoting.
    const found = resolveJsonSyntaxError(content) ?? { offset: content.length, key: '', description: 'this is not valid JSON' };
    const { line, column } = lineColumnAt(content, found.offset);
    throw new ConfigParseError(filePath, line, column, found.description, { key: found.key });
  }
}

/**
 * Parses config text as YAML or JSON into a mapping; an empty or comment-only document (and a
 * leading BOM) yields `{}`. Throws ConfigParseError with the 1-based line and column, the key path
 * around the error and a fixed description (never the parser's message, which can quote values),
 * also when the top level is a list or a scalar rather than a mapping.
 */
export function parseConfigFile(content: string, format: ConfigFormat, filePath = '<config>'): Record<string, unknown> {
  const text = content.startsWith('\uFEFF') ? content.slice(1) : content;
  if (text.trim() === '') return {};
  let parsed: ParsedDocument;
  try {
    parsed = format === 'json' ? parseJson(text, filePath) : parseYaml(text, filePath);
  } catch (error) {
    if (error instanceof ConfigParseError) throw error;
    // The parser failing on its own (a stack overflow on deep nesting): its message could quote the file.
    throw new ConfigParseError(filePath, 1, 1, 'the file cannot be parsed (does it nest too deeply?)');
  }
  const { value, offset } = parsed;
  // YAML reads a document of comments (or a lone "---") as null: that is an empty config.
  if (value === null || value === undefined) return {};
  if (!isRecord(value)) {
    const { line, column } = lineColumnAt(text, Math.max(offset, 0));
    throw new ConfigParseError(
      filePath,
      line,
      column,
      `Expected a mapping at the top of the config, got ${describeTopLevelKind(value)}; start with sections such as "gateway:" and "telegram:"`,
    );
  }
  return value;
}
