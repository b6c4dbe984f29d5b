import { describe, expect, it } from 'vitest';
import { RuntimeStatusSchema, SessionPatchSchema, WS_EVENT_NAMES, WS_METHOD_NAMES } from '../../../src-shared/protocol/index.js';
import { createOpenApiDocument } from '../../../src-main/core/gateway/openapi.js';

describe('SessionPatchSchema', () => {
  it('trims the label through parseSessionLabel and keeps null as "clear"', () => {
    expect(SessionPatchSchema.parse({ label: '  Hi  ', model_override: null })).toEqual({ label: 'Hi', model_override: null });
  });

  it('reports the label error of parseSessionLabel', () => {
    const result = SessionPatchSchema.safeParse({ label: 'a\nb' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['label'], message: 'label must not contain control characters (tabs, line breaks and the like)' });
  });

  it('refuses unknown fields and empty patches', () => {
    expect(SessionPatchSchema.safeParse({ session_id: 'x' }).success).toBe(false);
    expect(SessionPatchSchema.safeParse({}).error?.issues[0]?.message).toBe('patch must set at least one field');
    expect(SessionPatchSchema.safeParse({ send_policy: 'maybe' }).success).toBe(false);
  });
});

describe('RuntimeStatusSchema', () => {
  it('accepts the four states and requires url/port/clients when running', () => {
    expect(RuntimeStatusSchema.safeParse({ state: 'stopped' }).success).toBe(true);
    expect(RuntimeStatusSchema.safeParse({ state: 'running', url: 'http://127.0.0.1:1/', port: 1, clients: 0 }).success).toBe(true);
    expect(RuntimeStatusSchema.safeParse({ state: 'running' }).success).toBe(false);
    expect(RuntimeStatusSchema.safeParse({ state: 'failed', reason: 'x', code: 'port_in_use' }).success).toBe(true);
  });
});

describe('method and event names', () => {
  it('are namespaced domain.name (plus the contract connect, ping, get_status)', () => {
    expect(WS_METHOD_NAMES.filter((m) => !['connect', 'ping', 'get_status'].includes(m)).every((m) => /^[a-z]+\.[a-z]+$/.test(m))).toBe(true);
    expect(WS_EVENT_NAMES.every((e) => /^[a-z]+\.[a-z]+$/.test(e))).toBe(true);
  });
});

describe('createOpenApiDocument', () => {
  it('derives the session patch body from the zod schema', () => {
    const doc = createOpenApiDocument('1.2.3') as { info: { version: string }; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } };
    expect(doc.info.version).toBe('1.2.3');
    expect(Object.keys(doc.components.schemas.SessionPatch?.properties ?? {})).toEqual(
      expect.arrayContaining(['label', 'send_policy', 'model_override']),
    );
  });
});
