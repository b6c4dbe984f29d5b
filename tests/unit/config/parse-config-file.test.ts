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
    expect(error.message).toBe('Failed to parse /x/openclaw.yaml at line 3, column 1: Tabs are not allowed as indentation');
    expect([error.line, error.column, error.configPath]).toEqual([3, 1, '/x/openclaw.yaml']);
  });

  it('reports the column of a YAML error inside a line', () => {
    const error = parseError('gateway: {}\nkey: value: other\n', 'yaml', '/x/openclaw.yaml');
    expect(error.message).toBe(
      'Failed to parse /x/openclaw.yaml at line 2, column 6: Nested mappings are not allowed in compact mappings',
    );
  });

  it('rejects duplicate YAML keys instead of silently keeping the last', () => {
    const error = parseError('gateway:\n  port: 1\ngateway:\n  port: 2\n', 'yaml', '/x/openclaw.yaml');
    expect(error.message).toBe('Failed to parse /x/openclaw.yaml at line 3, column 1: Map keys must be unique');
  });

  it('rejects a YAML file with several documents', () => {
    const error = parseError('gateway: {}\n---\nlogging: {}\n', 'yaml', '/x/openclaw.yaml');
    expect(error.message).toBe(
      'Failed to parse /x/openclaw.yaml at line 2, column 1: the file holds more than one YAML document (a "---" line); keep a single document',
    );
  });

  it('reports a JSON syntax error with line and column even when Node omits the position', () => {
    const error = parseError('{\n  "gateway": {\n    "port": nope\n  }\n}\n', 'json', '/x/openclaw.json');
    expect(error.message).toBe("Failed to parse /x/openclaw.json at line 3, column 14: Unexpected token 'o'");
  });

  it('reports a JSON trailing comma at the character after it', () => {
    const error = parseError('{\n  "gateway": {"port": 1,}\n}', 'json', '/x/openclaw.json');
    expect(error.message).toBe('Failed to parse /x/openclaw.json at line 2, column 25: Expected double-quoted property name');
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

  it('ignores a leading byte order mark', () => {
    expect(parseConfigFile('\uFEFF{"gateway": {"port": 2}}', 'json')).toEqual({ gateway: { port: 2 } });
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
