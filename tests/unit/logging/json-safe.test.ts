import { describe, expect, it } from 'vitest';
import { toJsonSafe } from '../../../src-main/core/logging/index.js';

describe('toJsonSafe', () => {
  it('keeps JSON values as they are', () => {
    const value = { s: 'x', n: 1.5, b: true, z: null, list: [1, 'two'] };
    expect(toJsonSafe(value)).toEqual(value);
  });

  it('turns an Error into name, message, own fields, cause and stack', () => {
    const error = Object.assign(new RangeError('too big', { cause: new Error('root') }), { code: 'E_BIG' });
    expect(toJsonSafe(error)).toEqual({
      name: 'RangeError',
      message: 'too big',
      code: 'E_BIG',
      cause: { name: 'Error', message: 'root', stack: expect.stringContaining('Error: root') },
      stack: expect.stringContaining('RangeError: too big'),
    });
  });

  it('writes Dates as ISO strings', () => {
    expect(toJsonSafe({ at: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)), bad: new Date(Number.NaN) })).toEqual({
      at: '2026-01-02T03:04:05.000Z',
      bad: 'Invalid Date',
    });
  });

  it('writes bigints, symbols, functions and non-finite numbers as strings', () => {
    function handler(): void {}
    expect(toJsonSafe([10n, Symbol('s'), handler, Number.NaN, Number.POSITIVE_INFINITY])).toEqual([
      '10',
      'Symbol(s)',
      '[Function handler]',
      'NaN',
      'Infinity',
    ]);
  });

  it('writes Maps as objects, Sets as arrays and binary data as a size', () => {
    expect(toJsonSafe({ m: new Map([[1, 'a']]), s: new Set(['x']), b: new Uint8Array(4) })).toEqual({
      m: { 1: 'a' },
      s: ['x'],
      b: '[Uint8Array 4 bytes]',
    });
  });

  it('drops undefined object fields and writes undefined array items as null', () => {
    expect(toJsonSafe({ a: undefined, list: [undefined] })).toEqual({ list: [null] });
  });

  it('marks a cycle but not an object that is merely shared', () => {
    const shared = { v: 1 };
    const cyclic: Record<string, unknown> = { shared, again: shared };
    cyclic.self = cyclic;
    expect(toJsonSafe(cyclic)).toEqual({ shared: { v: 1 }, again: { v: 1 }, self: '[Circular]' });
  });

  it('cuts nesting deeper than six levels', () => {
    expect(toJsonSafe({ a: { b: { c: { d: { e: { f: { g: 1 } } } } } } })).toEqual({
      a: { b: { c: { d: { e: { f: '[Object]' } } } } },
    });
  });

  it('uses toJSON where an object defines it', () => {
    expect(toJsonSafe({ url: new URL('http://127.0.0.1:18789/ws') })).toEqual({ url: 'http://127.0.0.1:18789/ws' });
  });

  it('writes a placeholder instead of failing on a throwing getter', () => {
    const hostile = {
      get boom(): never {
        throw new Error('no');
      },
    };
    expect(toJsonSafe({ ok: 1, hostile })).toEqual({ ok: 1, hostile: '[Unserializable]' });
  });
});
