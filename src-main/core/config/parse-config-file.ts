import path from 'node:path';
import { parseDocument } from 'yaml';
import { describeError } from '../../../src-shared/utils/common.js';
import { ConfigParseError } from './errors.js';
import { locateJsonError } from './json-error-location.js';

export type ConfigFormat = 'yaml' | 'json';

/** Picks the parser from the file extension: `.json` is JSON, everything else (`.yaml`, `.yml`, none, unknown) is YAML, which also reads JSON. */
export function resolveConfigFormat(filePath: string): ConfigFormat {
  return path.extname(filePath).toLowerCase() === '.json' ? 'json' : 'yaml';
}

function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lastNewline = before.lastIndexOf('\n');
  return { line: before.split('\n').length, column: offset - lastNewline };
}

function parseYaml(content: string, filePath: string): unknown {
  const doc = parseDocument(content, { prettyErrors: false, uniqueKeys: true });
  const [error] = doc.errors;
  if (error) {
    const { line, column } = lineColumnAt(content, error.pos[0]);
    const reason =
      error.code === 'MULTIPLE_DOCS' ? 'the file holds more than one YAML document (a "---" line); keep a single document' : error.message;
    throw new ConfigParseError(filePath, line, column, reason, { cause: error });
  }
  return doc.toJS();
}

function parseJson(content: string, filePath: string): unknown {
  try {
    return JSON.parse(content) as unknown;
  } catch (error) {
    const message = describeError(error);
    const position = /at position (\d+)/.exec(message);
    const offset = position ? Number(position[1]) : locateJsonError(content);
    const { line, column } = lineColumnAt(content, offset);
    // V8 quotes the whole source after the comma, or names the position; the file path and line say both better.
    const reason = message.replace(/, (?:"|\.\.\.).* is not valid JSON$/s, '').replace(/ at position \d+.*$/s, '').replace(/ in JSON$/, '');
    throw new ConfigParseError(filePath, line, column, reason, { cause: error });
  }
}

/**
 * Parses config text as YAML or JSON into a plain value; an empty or comment-only file (and a
 * leading BOM) yields `{}`. Throws ConfigParseError with the 1-based line and column.
 */
export function parseConfigFile(content: string, format: ConfigFormat, filePath = '<config>'): unknown {
  const text = content.startsWith('\uFEFF') ? content.slice(1) : content;
  if (text.trim() === '') return {};
  const value = format === 'json' ? parseJson(text, filePath) : parseYaml(text, filePath);
  return value ?? {};
}
