import type { ConsoleStyle } from '../../../src-shared/config/schema.js';
import type { LogMethodLevel } from './levels.js';
import { redactDeep, type LogRedactor } from './redact.js';

/** Extra key/value context attached to a log message. */
export type LogFields = Readonly<Record<string, unknown>>;

/** One log message before formatting. */
export interface LogRecord {
  time: Date;
  level: LogMethodLevel;
  message: string;
  fields: LogFields;
}

const MAX_DEPTH = 6;

function describeBinary(value: ArrayBufferView | ArrayBuffer): string {
  return `[${value.constructor.name} ${value.byteLength} bytes]`;
}

function errorToJson(error: Error, depth: number, ancestors: Set<object>): Record<string, unknown> {
  const json: Record<string, unknown> = { name: error.name, message: error.message };
  for (const [key, item] of Object.entries(error)) json[key] = toJsonSafe(item, depth + 1, ancestors);
  if (error.cause !== undefined) json.cause = toJsonSafe(error.cause, depth + 1, ancestors);
  if (error.stack) json.stack = error.stack;
  return json;
}

function objectToJson(value: object, depth: number, ancestors: Set<object>): unknown {
  if (value instanceof Error) return errorToJson(value, depth, ancestors);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return describeBinary(value);
  if (Array.isArray(value)) return value.map((item) => toJsonSafe(item, depth + 1, ancestors) ?? null);
  if (value instanceof Set) return [...value].map((item) => toJsonSafe(item, depth + 1, ancestors) ?? null);
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return toJsonSafe(toJSON.call(value), depth + 1, ancestors);
  const entries = value instanceof Map ? [...value].map(([key, item]) => [String(key), item] as const) : Object.entries(value);
  const json: Record<string, unknown> = {};
  for (const [key, item] of entries) {
    const safe = toJsonSafe(item, depth + 1, ancestors);
    if (safe !== undefined) json[key] = safe;
  }
  return json;
}

function primitiveToJson(value: unknown): unknown {
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
    case 'symbol':
      return value.toString();
    case 'function':
      return `[Function ${value.name || 'anonymous'}]`;
    default:
      return value;
  }
}

/**
 * Converts any value into one JSON.stringify can write faithfully: Errors keep name, message,
 * own fields, cause and stack; Dates become ISO strings; bigints, symbols and functions become
 * strings; cycles become "[Circular]"; nesting deeper than 6 becomes "[Object]"/"[Array]";
 * undefined stays undefined (dropped from objects).
 */
export function toJsonSafe(value: unknown, depth = 0, ancestors: Set<object> = new Set()): unknown {
  if (typeof value !== 'object' || value === null) return primitiveToJson(value);
  if (ancestors.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? '[Array]' : '[Object]';
  ancestors.add(value);
  try {
    return objectToJson(value, depth, ancestors);
  } catch {
    // A throwing getter or toJSON must not lose the whole log line.
    return '[Unserializable]';
  } finally {
    ancestors.delete(value);
  }
}

/** Formats a record as one JSON object (time, level, message, fields), secrets redacted; no newline. */
export function formatJsonLine(record: LogRecord, redact: LogRedactor): string {
  return JSON.stringify({
    time: record.time.toISOString(),
    level: record.level,
    message: redact(record.message),
    fields: redactDeep(toJsonSafe(record.fields), redact),
  });
}

function quoteIfNeeded(text: string): string {
  return /^[^\s"=]+$/.test(text) ? text : JSON.stringify(text);
}

function formatFieldValue(value: unknown, redact: LogRedactor): string {
  if (typeof value === 'string') return quoteIfNeeded(redact(value));
  if (value instanceof Error) return quoteIfNeeded(redact(`${value.name}: ${value.message}`));
  return JSON.stringify(redactDeep(toJsonSafe(value), redact)) ?? 'undefined';
}

const ANSI_RESET = '\x1b[0m';
const ANSI_DIM = '\x1b[2m';
const LEVEL_COLOR: Readonly<Record<LogMethodLevel, string>> = {
  fatal: '\x1b[1;31m',
  error: '\x1b[31m',
  warn: '\x1b[33m',
  success: '\x1b[32m',
  info: '\x1b[36m',
  debug: '\x1b[90m',
  trace: '\x1b[90m',
};

function paint(text: string, color: string, colors: boolean): string {
  return colors ? `${color}${text}${ANSI_RESET}` : text;
}

function formatFields(fields: LogFields, redact: LogRedactor, colors: boolean): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    parts.push(`${paint(`${quoteIfNeeded(redact(key))}=`, ANSI_DIM, colors)}${formatFieldValue(value, redact)}`);
  }
  return parts.length > 0 ? ` ${parts.join(' ')}` : '';
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

function clockTime(time: Date): string {
  return `${pad(time.getHours())}:${pad(time.getMinutes())}:${pad(time.getSeconds())}`;
}

// SUCCESS is the longest level name; padding keeps the messages in one column.
const LEVEL_WIDTH = 7;

/** Formats `HH:MM:SS.mmm LEVEL   message key=value` (local time, level coloured when `colors`); no newline. */
export function formatPrettyLine(record: LogRecord, redact: LogRedactor, colors: boolean): string {
  const time = `${clockTime(record.time)}.${pad(record.time.getMilliseconds(), 3)}`;
  const level = paint(record.level.toUpperCase().padEnd(LEVEL_WIDTH), LEVEL_COLOR[record.level], colors);
  return `${paint(time, ANSI_DIM, colors)} ${level} ${redact(record.message)}${formatFields(record.fields, redact, colors)}`;
}

/** Formats `HH:MM:SS L message key=value` (one-letter level, whitespace runs in the message collapsed); no newline. */
export function formatCompactLine(record: LogRecord, redact: LogRedactor, colors: boolean): string {
  const letter = paint(record.level.charAt(0).toUpperCase(), LEVEL_COLOR[record.level], colors);
  const message = redact(record.message).replace(/\s+/g, ' ').trim();
  return `${clockTime(record.time)} ${letter} ${message}${formatFields(record.fields, redact, colors)}`;
}

/** Formats a record for the console in the configured style (json is never coloured). */
export function formatConsoleLine(style: ConsoleStyle, record: LogRecord, redact: LogRedactor, colors: boolean): string {
  switch (style) {
    case 'json':
      return formatJsonLine(record, redact);
    case 'compact':
      return formatCompactLine(record, redact, colors);
    case 'pretty':
      return formatPrettyLine(record, redact, colors);
  }
}
