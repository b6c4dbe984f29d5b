import { describe, expect, it } from 'vitest';
import { ConfigParseError } from '../../../src-main/core/config/errors.js';
import { parseConfigFile, resolveConfigFormat } from '../../../src-main/core/config/parse-config-file.js';

function parseError(content: string, format: 'yaml' | 'json', file: string): ConfigParseError {
  try {
    parseConfigFile(content, format, file);
  } catch (error) {
    if (error instanceof ConfigParseError) return error;
    throw error;
  }
  throw new Error('expected a ConfigParseError');
}

describe('parseConfigFile', () => {
  it('parses YAML into a plain object', () => {
    expect(parseConfigFile('gateway:\n  port: 18790\n  trusted_proxies: [10.0.0.1]\n', 'yaml')).toEqual({
      gateway: { port: 18790, trusted_proxies: ['10.0.0.1'] },
    });
  });

  it('reports a YAML syntax error with file, line and column', () => {
    const error = parseError('gateway:\n  port: 18789\n\thost: x\n', 'yaml', '/x/openclaw.yaml');
    expect(error.message).toBe('Failed to parse /x/openclaw.yaml at line 3, column 1: a tab is used for indentation; indent with spaces');
    expect([error.line, error.column, error.configPath]).toEqual([3, 1, '/x/openclaw.yaml']);
  });

  it('reports the column of a YAML error inside a line', () => {
    const error = parseError('gateway: {}\nkey: value: other\n', 'yaml', '/x/openclaw.yaml');
    expect(error.message).toBe(
      'Failed to parse /x/openclaw.yaml at line 2, column 6 (key key): a value holds ": " after a key, which YAML reads as another key; put the value in quotes',
    );
  });

  it('rejects duplicate YAML keys instead of silently keeping the last', () => {
    const error = parseError('gateway:\n  port: 1\ngateway:\n  port: 2\n', 'yaml', '/x/openclaw.yaml');
    expect(error.message).toBe('Failed to parse /x/openclaw.yaml at line 3, column 1 (key gateway): the same key appears twice in one section; keep one');
  });

  it('rejects a YAML file with several documents', () => {
    const error = parseError('gateway: {}\n---\nlogging: {}\n', 'yaml', '/x/openclaw.yaml');
    expect(error.message).toBe(
      'Failed to parse /x/openclaw.yaml at line 2, column 1: the file holds more than one YAML document (a "---" line); keep a single document',
    );
  });

  it('reports a JSON syntax error with line and column even when Node omits the position', () => {
    const error = parseError('{\n  "gateway": {\n    "port": nope\n  }\n}\n', 'json', '/x/openclaw.json');
    expect(error.message).toBe(
      'Failed to parse /x/openclaw.json at line 3, column 14 (key gateway.port): expected a value here: a "string" in double quotes, a number, true, false, null, an object or a list',
    );
  });

  it('reports a JSON trailing comma at the character after it', () => {
    const error = parseError('{\n  "gateway": {"port": 1,}\n}', 'json', '/x/openclaw.json');
    expect(error.message).toBe('Failed to parse /x/openclaw.json at line 2, column 25 (key gateway): expected a key in double quotes (a comma before "}"?)');
  });

  it('reports truncated JSON at its end', () => {
    const error = parseError('{"gateway": {', 'json', '/x/openclaw.json');
    expect([error.line, error.column]).toEqual([1, 14]);
  });

  it('treats an empty or comment-only file as an empty config', () => {
    expect(parseConfigFile('', 'json')).toEqual({});
    expect(parseConfigFile('  \n', 'yaml')).toEqual({});
    expect(parseConfigFile('# gateway:\n#   port: 1\n', 'yaml')).toEqual({});
  });

  it('treats a YAML document holding only null (a lone "---") as an empty config', () => {
    expect(parseConfigFile('---\n', 'yaml')).toEqual({});
  });

  it.each([
    ['a YAML list', '- gateway\n- telegram\n', 'yaml', 'a list', 1, 1],
    ['a JSON list', '\n  ["gateway"]', 'json', 'a list', 2, 3],
    ['a YAML scalar', '# config\nhunter2-secret\n', 'yaml', 'a text', 2, 1],
    ['a JSON number', '42', 'json', 'a number', 1, 1],
    ['a JSON string', '"hunter2-secret"', 'json', 'a text', 1, 1],
    ['a YAML boolean', 'true\n', 'yaml', 'a boolean', 1, 1],
  ] as const)('rejects %s at the top level as a parse error naming its kind, never its value', (_what, content, format, kind, line, column) => {
    const error = parseError(content, format, '/x/openclaw.cfg');
    expect(error.message).toBe(
      `Failed to parse /x/openclaw.cfg at line ${line}, column ${column}: Expected a mapping at the top of the config, got ${kind}; start with sections such as "gateway:" and "telegram:"`,
    );
    expect(error.message).not.toContain('hunter2');
  });

  it('ignores a leading byte order mark', () => {
    expect(parseConfigFile('\uFEFF{"gateway": {"port": 2}}', 'json')).toEqual({ gateway: { port: 2 } });
  });
});

describe('parse errors never quote the file (it holds secrets)', () => {
  // Every case puts a secret containing "Zq7" where the parser's own message would quote it.
  const yamlCases: [string, string, number, number, string, string][] = [
    ['an unquoted value starting with * (an alias)', 'gateway:\n  password: *Zq7secret\n', 2, 13, 'gateway.password', 'names an anchor (&name) that is not defined above it'],
    ['an alias followed by more text', 'gateway:\n  password: *Zq7secret rest\n', 2, 24, 'gateway.password', 'unexpected text here'],
    ['an unclosed double quote', 'gateway:\n  password: "Zq7secret\n  port: 1\n', 4, 1, 'gateway.password', 'is not closed'],
    ['an unclosed single quote', "gateway:\n  password: 'Zq7secret\n", 3, 1, 'gateway.password', 'is not closed'],
    ['a bad indentation after a secret', 'gateway:\n    password: Zq7secret\n  port: 1\n', 3, 1, '', 'indentation does not line up'],
    ['a block scalar header with text after it', 'gateway:\n  password: |x Zq7secret\n', 2, 14, 'gateway.password', 'unexpected text here'],
    ['a value with ": " in it', 'gateway:\n  password: Zq7: secret: x\n', 2, 13, 'gateway.password', 'put the value in quotes'],
    ['an invalid escape', 'gateway:\n  password: "Zq7\\qsecret"\n', 2, 17, 'gateway.password', 'invalid "\\" escape'],
    ['a key of 1025 characters', `Zq7${'x'.repeat(1100)}: 1\n`, 1, 1, '…', 'longer than 1024 characters'],
  ];

  it.each(yamlCases)('YAML: %s names line, column and key, never the value', (_name, text, line, column, key, description) => {
    const error = parseError(text, 'yaml', '/x/openclaw.yaml');
    expect(error.message).not.toContain('Zq7');
    expect(error.message).not.toContain('secret');
    expect([error.line, error.column, error.key]).toEqual([line, column, key]);
    expect(error.message).toContain(description);
  });

  it('YAML: aliases that expand too far fail as a parse error with a fixed description, not the library error', () => {
    const laughs = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (const name of ['b', 'c', 'd']) laughs.push(`${name}: &${name} [${Array(10).fill(`*${String.fromCharCode(name.charCodeAt(0) - 1)}`).join(', ')}]`);
    const error = parseError(`${laughs.join('\n')}\n`, 'yaml', '/x/openclaw.yaml');
    expect(error.message).toBe('Failed to parse /x/openclaw.yaml at line 1, column 1: the YAML cannot be turned into a config (aliases that expand too far or refer to themselves?)');
  });

  const jsonCases: [string, string, number, number, string, string][] = [
    ['an unquoted value', '{"gateway": {"password": Zq7secret}}', 1, 26, 'gateway.password', 'expected a value here'],
    ['an invalid escape', '{"gateway": {"password": "Zq7\\qsecret"}}', 1, 31, 'gateway.password', 'invalid escape'],
    ['an unclosed string', '{"gateway": {"password": "Zq7secret', 1, 36, 'gateway.password', 'the file ends before the JSON is complete'],
    ['a raw line break in a string', '{"gateway": {"password": "Zq7\nsecret"}}', 1, 30, 'gateway.password', 'raw line break'],
    ['a missing comma', '{"gateway": {"password": "Zq7secret" "port": 1}}', 1, 38, 'gateway', 'expected "," or "}"'],
    ['text after the document', '{"gateway": {}} Zq7secret', 1, 17, '', 'unexpected text after the end'],
    ['a key that is not a config key', '{"gateway": {"Zq7 secret": [1, 2, x]}}', 1, 35, 'gateway.…[2]', 'expected a value here'],
  ];

  it.each(jsonCases)('JSON: %s names line, column and key, never the value', (_name, text, line, column, key, description) => {
    const error = parseError(text, 'json', '/x/openclaw.json');
    expect(error.message).not.toContain('Zq7');
    expect([error.line, error.column, error.key]).toEqual([line, column, key]);
    expect(error.message).toContain(description);
  });
});

describe('resolveConfigFormat', () => {
  it('picks JSON only for .json and YAML for everything else', () => {
    expect(['a.json', 'a.JSON', 'a.yaml', 'a.yml', 'a.conf', 'config'].map(resolveConfigFormat)).toEqual([
      'json',
      'json',
      'yaml',
      'yaml',
      'yaml',
      'yaml',
    ]);
  });
});
