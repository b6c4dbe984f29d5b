import { LineCounter, parseDocument } from 'yaml';
import { formatConfigPath, parseConfigPath } from '../../../src-shared/config/key-path.js';
import { validateConfig } from '../../../src-shared/config/validate.js';
import { findKeyOffset } from '../../../src-shared/config/yaml-key-position.js';
import type { ConfigWriteBody, ConfigWriteIssue } from '../../../src-shared/protocol/settings.js';
import { isRecord, setOwnProperty } from '../../../src-shared/utils/common.js';

// The browser's check before a save; the gateway validates again and has the last word (it also
// substitutes ${VAR} references, which only it can resolve).

type Segment = string | number;

function valueAt(root: unknown, segments: readonly Segment[]): unknown {
  let node = root;
  for (const segment of segments) {
    if (Array.isArray(node) && typeof segment === 'number') node = node[segment];
    else if (isRecord(node) && typeof segment === 'string' && Object.hasOwn(node, segment)) node = node[segment];
    else return undefined;
  }
  return node;
}

// The gateway's own rule (env-substitution): a value holding `${NAME}` is a reference it resolves.
const ENV_REFERENCE = /\$\{[A-Za-z_][A-Za-z0-9_]*\}/;

interface FoundIssue {
  segments: Segment[];
  message: string;
}

/** The gateway's validation (same normalisation, schema and messages), minus issues at `${VAR}` values only the gateway can resolve. */
function findIssues(value: unknown): FoundIssue[] {
  return validateConfig(value)
    .issues.map((issue) => ({ segments: parseConfigPath(issue.path), message: issue.message }))
    .filter((issue) => {
      const at = valueAt(value, issue.segments);
      return !(typeof at === 'string' && ENV_REFERENCE.test(at));
    });
}

/** Validates a parsed config as the gateway does; issues at a `${VAR}` value are left to the gateway, which knows the variable. */
export function checkConfigValue(value: unknown): ConfigWriteIssue[] {
  return findIssues(value).map((issue) => ({ path: formatConfigPath(issue.segments), message: issue.message }));
}

/** Returns a copy of a parsed config with a form's `set` and `unset` applied (dotted paths; missing sections are created). */
export function applyConfigEdits(parsed: unknown, body: Extract<ConfigWriteBody, { set?: unknown }>): Record<string, unknown> {
  const root: Record<string, unknown> = isRecord(parsed) ? structuredClone(parsed) : {};
  const walk = (segments: string[], create: boolean): Record<string, unknown> | undefined => {
    let node = root;
    for (const segment of segments) {
      const next = node[segment];
      if (isRecord(next)) node = next;
      else if (create) {
        const fresh: Record<string, unknown> = {};
        setOwnProperty(node, segment, fresh);
        node = fresh;
      } else return undefined;
    }
    return node;
  };
  for (const [path, value] of Object.entries(body.set ?? {})) {
    const segments = path.split('.');
    const key = segments.pop() as string;
    const parent = walk(segments, true);
    if (parent) setOwnProperty(parent, key, value);
  }
  for (const path of body.unset ?? []) {
    const segments = path.split('.');
    const key = segments.pop() as string;
    const parent = walk(segments, false);
    if (parent) delete parent[key];
  }
  return root;
}

/** Parses the raw tab's text (YAML, which also reads JSON) and validates it; every issue carries its key path and, when known, line and column. */
export function checkConfigText(text: string): ConfigWriteIssue[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined): { line?: number; column?: number } => {
    if (offset === undefined) return {};
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  if (doc.errors.length > 0) {
    return doc.errors.map((error) => ({ path: '', message: error.message.split('\n')[0] ?? 'this is not valid YAML', ...at(error.pos[0]) }));
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch {
    // Aliases that expand too far or refer to themselves: the text parses but holds no usable value.
    return [{ path: '', message: 'the YAML cannot be turned into a config (aliases that expand too far or refer to themselves?)' }];
  }
  return findIssues(value).map((issue) => ({
    path: formatConfigPath(issue.segments),
    message: issue.message,
    ...at(findKeyOffset(doc, issue.segments)),
  }));
}
