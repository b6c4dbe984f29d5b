import { describe, expect, it } from 'vitest';
import {
  createErrorResponse,
  createEvent,
  createEventPrefix,
  createRawResponse,
  createResponse,
  exceedsJsonDepth,
  parseFrame,
  readRequestFrame,
  serializeFrame,
  validateRequest,
} from '../../../src-main/core/gateway/ws-protocol.js';

describe('parseFrame', () => {
  it('parses a request frame', () => {
    expect(parseFrame('{"type":"request","id":"1","method":"ping"}')).toEqual({ type: 'request', id: '1', method: 'ping' });
  });

  it.each(['not json', '[]', '"x"', '{"type":"bogus"}', `{"type":"request","params":${'['.repeat(40)}${']'.repeat(40)}}`])(
    'returns undefined for %s',
    (raw) => {
      expect(parseFrame(raw)).toBeUndefined();
    },
  );
});

describe('validateRequest', () => {
  it('fills empty params and rejects frames without id or method', () => {
    expect(validateRequest({ type: 'request', id: 'a', method: 'ping' })).toEqual({ type: 'request', id: 'a', method: 'ping', params: {} });
    expect(validateRequest({ type: 'request', method: 'ping' })).toBeUndefined();
    expect(validateRequest({ type: 'event', id: 'a', method: 'ping' })).toBeUndefined();
  });
});

describe('readRequestFrame', () => {
  it('explains each kind of bad frame', () => {
    expect(readRequestFrame('nope')).toEqual({ ok: false, id: null, code: 'invalid_frame', message: 'Frame is not valid JSON' });
    expect(readRequestFrame('[1]')).toMatchObject({ code: 'invalid_frame', message: 'Frame must be a JSON object' });
    expect(readRequestFrame('{"type":"event","id":"7"}')).toEqual({
      ok: false,
      id: '7',
      code: 'invalid_request',
      message: 'Frame type must be "request" (got "event")',
    });
    expect(readRequestFrame('{"type":"request","id":"8","method":"x","params":[]}')).toMatchObject({
      id: '8',
      code: 'invalid_request',
      message: expect.stringContaining('params:'),
    });
  });
});

describe('exceedsJsonDepth', () => {
  it('counts nesting but not brackets inside strings', () => {
    expect(exceedsJsonDepth('{"a":[[1]]}', 3)).toBe(false);
    expect(exceedsJsonDepth('{"a":[[[1]]]}', 3)).toBe(true);
    expect(exceedsJsonDepth('{"a":"[[[[[[\\"[[["}', 1)).toBe(false);
  });
});

describe('frame builders', () => {
  it('createResponse puts result, or error without result', () => {
    expect(JSON.parse(createResponse('1', { ok: true }))).toEqual({ type: 'response', id: '1', result: { ok: true } });
    expect(JSON.parse(createErrorResponse('2', 'invalid_params', 'bad', { field: 'x' }))).toEqual({
      type: 'response',
      id: '2',
      error: { code: 'invalid_params', message: 'bad', details: { field: 'x' } },
    });
  });

  it('createRawResponse embeds preserialised JSON verbatim', () => {
    expect(JSON.parse(createRawResponse('3', '{"count":0}'))).toEqual({ type: 'response', id: '3', result: { count: 0 } });
  });

  it('createEvent carries the seq; the prefix is shared and completed per client', () => {
    expect(JSON.parse(createEvent('session.deleted', { keys: ['a'] }, 4))).toEqual({
      type: 'event',
      event: 'session.deleted',
      params: { keys: ['a'] },
      seq: 4,
    });
    expect(createEventPrefix('x', {}, '{"pre":1}')).toBe('{"type":"event","event":"x","params":{"pre":1},"seq":');
  });

  it('serializeFrame is JSON', () => {
    expect(serializeFrame({ type: 'event', event: 'e', params: {}, seq: 1 })).toBe('{"type":"event","event":"e","params":{},"seq":1}');
  });
});
