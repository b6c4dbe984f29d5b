import { describe, expect, it } from 'vitest';
import {
  clamp,
  clampInt,
  clampNumber,
  describeError,
  escapeRegExp,
  isPlainObject,
  isRecord,
  normalizePath,
  safeParseJson,
} from '../../../src-shared/utils/index.js';

describe('clamp', () => {
  it('returns the value when it lies inside the range', () => {
    expect(clamp(5.5, 0, 10)).toBe(5.5);
  });

  it('raises a value below the range to the minimum', () => {
    expect(clamp(-3, 0, 10)).toBe(0);
  });

  it('lowers a value above the range to the maximum', () => {
    expect(clamp(12.5, 0, 10)).toBe(10);
  });
});

describe('clampNumber', () => {
  it('behaves exactly like clamp', () => {
    expect([clampNumber(-1, 0, 1), clampNumber(0.5, 0, 1), clampNumber(2, 0, 1)]).toEqual([0, 0.5, 1]);
  });
});

describe('clampInt', () => {
  it('floors a positive fraction', () => {
    expect(clampInt(3.7, 0, 10)).toBe(3);
  });

  it('floors a negative fraction downwards, not towards zero', () => {
    expect(clampInt(-1.2, -5, 5)).toBe(-2);
  });

  it('clamps after flooring', () => {
    expect([clampInt(10.9, 0, 10), clampInt(-0.5, 0, 10)]).toEqual([10, 0]);
  });
});

describe('escapeRegExp', () => {
  it('escapes every pattern metacharacter', () => {
    expect(escapeRegExp('.*+?^${}()|[]\\')).toBe('\\.\\*\\+\\?\\^\\$\\{\\}\\(\\)\\|\\[\\]\\\\');
  });

  it('makes a pattern that matches the text literally and nothing else', () => {
    const pattern = new RegExp(`^${escapeRegExp('a.b*(c)')}$`);
    expect([pattern.test('a.b*(c)'), pattern.test('axbbbc')]).toEqual([true, false]);
  });

  it('leaves ordinary text alone', () => {
    expect(escapeRegExp('agent-main_1')).toBe('agent-main_1');
  });
});

describe('safeParseJson', () => {
  it('parses an object', () => {
    expect(safeParseJson('{"a":[1,2]}')).toEqual({ a: [1, 2] });
  });

  it('parses scalars and null', () => {
    expect([safeParseJson('42'), safeParseJson('"x"'), safeParseJson('null')]).toEqual([42, 'x', null]);
  });

  it('returns undefined for invalid JSON instead of throwing', () => {
    expect(safeParseJson('{"a":')).toBeUndefined();
  });

  it('returns undefined for an empty string', () => {
    expect(safeParseJson('')).toBeUndefined();
  });

  it('returns undefined for a value that is not a string', () => {
    expect(safeParseJson(42)).toBeUndefined();
  });
});

class Point {
  constructor(public x = 1) {}
}

describe('isPlainObject', () => {
  it('accepts object literals and null-prototype objects', () => {
    expect([isPlainObject({}), isPlainObject({ a: 1 }), isPlainObject(Object.create(null))]).toEqual([true, true, true]);
  });

  it.each([
    ['an array', []],
    ['null', null],
    ['undefined', undefined],
    ['a string', 'x'],
    ['a number', 1],
    ['a class instance', new Point()],
    ['a Date', new Date(0)],
    ['a Map', new Map()],
    ['a function', () => 1],
  ])('rejects %s', (_name, value) => {
    expect(isPlainObject(value)).toBe(false);
  });
});

describe('isRecord', () => {
  it.each([
    ['an object literal', {}],
    ['a class instance', new Point()],
    ['a Date', new Date(0)],
    ['a Map', new Map()],
  ])('accepts %s', (_name, value) => {
    expect(isRecord(value)).toBe(true);
  });

  it.each([
    ['an array', []],
    ['null', null],
    ['a string', 'x'],
    ['a function', () => 1],
  ])('rejects %s', (_name, value) => {
    expect(isRecord(value)).toBe(false);
  });
});

describe('normalizePath', () => {
  it('adds a missing leading slash', () => {
    expect(normalizePath('api/health')).toBe('/api/health');
  });

  it('keeps an existing leading slash', () => {
    expect(normalizePath('/ws')).toBe('/ws');
  });

  it('trims surrounding whitespace first', () => {
    expect(normalizePath('  /telegram/webhook \n')).toBe('/telegram/webhook');
  });

  it('turns an empty path into the root', () => {
    expect(normalizePath('   ')).toBe('/');
  });
});

describe('describeError', () => {
  it('words an Error by its message', () => {
    expect(describeError(new TypeError('bad input'))).toBe('bad input');
  });

  it('words any other thrown value by its String() form', () => {
    expect(describeError('plain text')).toBe('plain text');
    expect(describeError(42)).toBe('42');
    expect(describeError(undefined)).toBe('undefined');
  });
});
