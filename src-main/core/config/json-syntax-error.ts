const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const SIMPLE_ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX_DIGIT = /^[0-9a-fA-F]$/;
// Keys are named in errors only when they look like config keys: anything else may be file content.
const NAMEABLE_KEY = /^[A-Za-z0-9_-]{1,64}$/;

/** Where invalid JSON goes wrong: an offset, the key path around it and a fixed description that never quotes the file. */
export interface JsonSyntaxError {
  offset: number;
  /** Dotted key path (`gateway.port`, `list[2]`) of the value being read; "" at the top. */
  key: string;
  description: string;
}

const EXPECTED_VALUE = 'expected a value here: a "string" in double quotes, a number, true, false, null, an object or a list';
const ENDS_EARLY = 'the file ends before the JSON is complete (a missing "}", "]" or closing quote?)';

class JsonStop {
  constructor(
    readonly offset: number,
    readonly description: string,
  ) {}
}

/**
 * Scans invalid JSON text for its first syntax error (Node's JSON.parse messages quote the file
 * and often omit the position). Returns undefined when the scanner accepts the text.
 */
export function resolveJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let i = 0;
  const path: string[] = [];
  const fail = (description: string): never => {
    throw new JsonStop(i, i >= text.length ? ENDS_EARLY : description);
  };
  const skipWhitespace = (): void => {
    while (i < text.length && WHITESPACE.has(text[i]!)) i++;
  };
  const expectChar = (char: string, description: string): void => {
    if (text[i] !== char) fail(description);
    i++;
  };
  const literal = (word: string): void => {
    for (const char of word) expectChar(char, EXPECTED_VALUE);
  };
  const string = (): string => {
    const start = i + 1;
    expectChar('"', EXPECTED_VALUE);
    while (i < text.length) {
      const char = text[i]!;
      if (char === '"') {
        i++;
        return text.slice(start, i - 1);
      }
      if (char < ' ') fail('a string holds a raw line break or control character; close it with " or write \\n');
      if (char === '\\') {
        const escape = text[i + 1] ?? '';
        if (escape === 'u') {
          for (let digit = 2; digit < 6; digit++) {
            if (!HEX_DIGIT.test(text[i + digit] ?? '')) {
              i += 1;
              fail('a \\u escape needs four hex digits');
            }
          }
          i += 6;
          continue;
        }
        if (!SIMPLE_ESCAPES.has(escape)) {
          i += 1;
          fail('a string holds an invalid escape after "\\"; write \\\\ for a backslash');
        }
        i += 2;
        continue;
      }
      i++;
    }
    return fail(ENDS_EARLY);
  };
  const number = (): void => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!match || match[0] === '' || match[0] === '-') fail(EXPECTED_VALUE);
    i += match![0].length;
  };
  const value = (): void => {
    skipWhitespace();
    const char = text[i];
    if (char === '{') return container('}', member);
    if (char === '[') return container(']', element);
    if (char === '"') {
      string();
      return;
    }
    if (char === 't') return literal('true');
    if (char === 'f') return literal('false');
    if (char === 'n') return literal('null');
    return number();
  };
  const member = (): void => {
    skipWhitespace();
    const key = string();
    skipWhitespace();
    expectChar(':', 'expected ":" after the key');
    path.push(NAMEABLE_KEY.test(key) ? key : '…');
    value();
    path.pop();
  };
  let index = 0;
  const element = (): void => {
    path.push(`[${index}]`);
    value();
    path.pop();
  };
  const container = (close: '}' | ']', item: () => void): void => {
    i++;
    skipWhitespace();
    if (text[i] === close) {
      i++;
      return;
    }
    const separator = close === '}' ? 'expected "," or "}" after a value (a missing comma?)' : 'expected "," or "]" after a value (a missing comma?)';
    const outerIndex = index;
    index = 0;
    // Each pass consumes at least one item, so the loop ends with the text.
    for (;;) {
      if (close === '}' && text[i] !== '"') fail('expected a key in double quotes (a comma before "}"?)');
      item();
      index++;
      skipWhitespace();
      if (text[i] === ',') {
        i++;
        skipWhitespace();
        continue;
      }
      expectChar(close, separator);
      index = outerIndex;
      return;
    }
  };
  try {
    value();
    skipWhitespace();
    if (i < text.length) fail('unexpected text after the end of the JSON document');
    return undefined;
  } catch (error) {
    const key = path.join('.').replace(/\.\[/g, '[');
    if (error instanceof JsonStop) return { offset: Math.min(error.offset, text.length), key, description: error.description };
    // Nesting deep enough to overflow the stack: point at the end rather than fail the report.
    return { offset: text.length, key: '', description: 'the JSON nests too deeply to be a config' };
  }
}
