const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

class JsonStop {
  constructor(readonly offset: number) {}
}

/**
 * Returns the offset of the first syntax error in invalid JSON text. Node 20's JSON.parse omits
 * the position from "Unexpected token" messages, so this small scanner recovers it.
 */
export function locateJsonError(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw new JsonStop(i);
  };
  const skipWhitespace = (): void => {
    while (i < text.length && WHITESPACE.has(text[i]!)) i++;
  };
  const expectChar = (char: string): void => {
    if (text[i] !== char) fail();
    i++;
  };
  const literal = (word: string): void => {
    for (const char of word) expectChar(char);
  };
  const string = (): void => {
    expectChar('"');
    while (i < text.length) {
      const char = text[i]!;
      if (char === '"') {
        i++;
        return;
      }
      if (char < ' ') fail();
      i += char === '\\' ? 2 : 1;
    }
    fail();
  };
  const number = (): void => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match || match[0] === '' || match[0] === '-') fail();
    i += match![0].length;
  };
  const value = (): void => {
    skipWhitespace();
    const char = text[i];
    if (char === '{') return container('}', () => {
      skipWhitespace();
      string();
      skipWhitespace();
      expectChar(':');
      value();
    });
    if (char === '[') return container(']', value);
    if (char === '"') return string();
    if (char === 't') return literal('true');
    if (char === 'f') return literal('false');
    if (char === 'n') return literal('null');
    return number();
  };
  const container = (close: string, item: () => void): void => {
    i++;
    skipWhitespace();
    if (text[i] === close) {
      i++;
      return;
    }
    // Each pass consumes at least one item, so the loop ends with the text.
    for (;;) {
      item();
      skipWhitespace();
      if (text[i] === ',') {
        i++;
        continue;
      }
      expectChar(close);
      return;
    }
  };
  try {
    value();
    skipWhitespace();
    return i < text.length ? i : text.length;
  } catch (error) {
    if (error instanceof JsonStop) return Math.min(error.offset, text.length);
    // Nesting deep enough to overflow the stack: point at the end rather than fail the report.
    return text.length;
  }
}
