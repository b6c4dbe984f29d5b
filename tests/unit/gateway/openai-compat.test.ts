import { describe, expect, it } from 'vitest';
import { OPENAI_ERROR_HTTP_STATUS } from '../../../src-shared/protocol/openai.js';
import { createOpenAiErrorBody, isOpenAiPath, resolveOpenAiErrorType } from '../../../src-main/core/gateway/openai/errors.js';
import { resolveOpenAiCompletionRequest } from '../../../src-main/core/gateway/openai/request.js';
import { createOpenAiChunk, createOpenAiModelList, resolveOpenAiFinishReason, resolveOpenAiUsage } from '../../../src-main/core/gateway/openai/response.js';

const MODELS = ['fake/m1', 'fake/org/m2'];

describe('isOpenAiPath', () => {
  it('is true for /v1 and below only', () => {
    expect(['/v1', '/v1/', '/v1/models', '/v1?x=1', '/v1/chat/completions'].map(isOpenAiPath)).toEqual([true, true, true, true, true]);
    expect(['/v10', '/api/v1/x', '/', undefined].map(isOpenAiPath)).toEqual([false, false, false, false]);
  });
});

describe('createOpenAiErrorBody', () => {
  it('types the error by status as OpenAI does, code and param as given', () => {
    expect([400, 401, 403, 404, 405, 413, 429, 500, 502, 504].map(resolveOpenAiErrorType)).toEqual([
      'invalid_request_error',
      'authentication_error',
      'permission_error',
      'invalid_request_error',
      'invalid_request_error',
      'invalid_request_error',
      'rate_limit_error',
      'server_error',
      'server_error',
      'server_error',
    ]);
    expect(createOpenAiErrorBody({ status: 400, message: 'bad', code: 'invalid_request_error', param: 'n' })).toEqual({
      error: { message: 'bad', type: 'invalid_request_error', param: 'n', code: 'invalid_request_error' },
    });
    expect(createOpenAiErrorBody({ status: 401, message: 'who?', code: 'unauthorized' }).error.param).toBeNull();
  });

  it('answers a provider rate limit and a full queue 429, other failures as POST /api/chat does', () => {
    expect([OPENAI_ERROR_HTTP_STATUS.rate_limited, OPENAI_ERROR_HTTP_STATUS.busy]).toEqual([429, 429]);
    expect([OPENAI_ERROR_HTTP_STATUS.server_error, OPENAI_ERROR_HTTP_STATUS.timeout, OPENAI_ERROR_HTTP_STATUS.config]).toEqual([502, 504, 503]);
  });
});

describe('resolveOpenAiCompletionRequest', () => {
  it('splits a stateless conversation into turns and the client system text, joining text parts', () => {
    const resolved = resolveOpenAiCompletionRequest(
      {
        model: 'openclaw',
        max_tokens: 10,
        max_completion_tokens: 20,
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'developer', content: [{ type: 'text', text: 'No lists.' }] },
          { role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] },
          { role: 'assistant', content: null },
        ],
      },
      undefined,
      MODELS,
    );
    expect(resolved).toEqual({
      ok: true,
      plan: {
        stream: false,
        includeUsage: false,
        model: undefined,
        maxTokens: 20,
        target: {
          kind: 'stateless',
          system: 'Be brief.\n\nNo lists.',
          messages: [
            { role: 'user', content: 'a\nb' },
            { role: 'assistant', content: '' },
          ],
        },
      },
    });
  });

  it('takes the header as the session key over the user field, and only the last message', () => {
    const body = { model: 'fake/org/m2', user: 'ada', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'old' }, { role: 'user', content: 'new' }] };
    const byHeader = resolveOpenAiCompletionRequest(body, 'agent:main:x', MODELS);
    expect(byHeader.ok && byHeader.plan).toMatchObject({ stream: true, includeUsage: true, model: 'fake/org/m2', target: { kind: 'session', key: 'agent:main:x', text: 'new' } });
    const byUser = resolveOpenAiCompletionRequest(body, undefined, MODELS);
    expect(byUser.ok && byUser.plan.target).toEqual({ kind: 'session', key: 'ada', text: 'new' });
    const emptyUser = resolveOpenAiCompletionRequest({ ...body, user: '' }, undefined, MODELS);
    expect(emptyUser.ok && emptyUser.plan.target.kind).toBe('stateless');
  });

  it('names the header when the session key it carries is empty, and a blank session message', () => {
    const empty = resolveOpenAiCompletionRequest({ messages: [{ role: 'user', content: 'x' }] }, '', MODELS);
    expect(empty).toMatchObject({ ok: false, problem: { status: 400, param: null, message: 'X-OpenClaw-Session-Key: key must not be empty' } });
    const blank = resolveOpenAiCompletionRequest({ messages: [{ role: 'user', content: '  ' }] }, 'k', MODELS);
    expect(blank).toMatchObject({ ok: false, problem: { param: 'messages[0].content', message: 'messages[0].content: text must not be empty' } });
  });

  it('refuses a model that is not configured with 404, and a body that is not an object with 400', () => {
    const unknown = resolveOpenAiCompletionRequest({ model: 'x/y', messages: [{ role: 'user', content: 'x' }] }, undefined, []);
    expect(unknown).toMatchObject({ ok: false, problem: { status: 404, code: 'model_not_found', param: 'model' } });
    expect(unknown.ok || unknown.problem.message).toContain('no models are configured (models.providers)');
    expect(resolveOpenAiCompletionRequest([1], undefined, MODELS)).toMatchObject({ ok: false, problem: { status: 400, message: 'The request body must be a JSON object' } });
  });

  it('lists several issues in one message, naming the first as the parameter', () => {
    const resolved = resolveOpenAiCompletionRequest({ messages: [{ role: 'bot', content: 1 }] }, undefined, MODELS);
    expect(resolved.ok).toBe(false);
    if (resolved.ok) return;
    expect(resolved.problem.param).toBe('messages[0].role');
    expect(resolved.problem.message).toMatch(/^Invalid chat completion request: messages\[0\]\.role: .*; messages\[0\]\.content: must be a string or an array/);
  });
});

describe('OpenAI response builders', () => {
  it("maps Anthropic's stop reasons to OpenAI's, and anything unknown to stop", () => {
    expect(['end_turn', 'max_tokens', 'length', 'stop_sequence', 'refusal', 'weird', undefined, 'constructor'].map(resolveOpenAiFinishReason)).toEqual([
      'stop',
      'length',
      'length',
      'stop',
      'content_filter',
      'stop',
      'stop',
      'stop',
    ]);
  });

  it('keeps the estimated flag only when the counts were estimated', () => {
    expect(resolveOpenAiUsage({ input_tokens: 1, output_tokens: 2, total_tokens: 3 })).toEqual({ prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 });
    expect(resolveOpenAiUsage({ input_tokens: 1, output_tokens: 2, total_tokens: 3, estimated: true }).estimated).toBe(true);
  });

  it('builds a usage chunk without choices, and leaves usage out without include_usage', () => {
    const identity = { id: 'chatcmpl-1', created: 1, model: 'fake/m1' };
    expect(createOpenAiChunk(identity, null, null, { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 }).choices).toEqual([]);
    expect(createOpenAiChunk(identity, { content: 'x' }, null)).not.toHaveProperty('usage');
  });

  it('lists the default model first, the others in config order', () => {
    const model = (ref: string, isDefault: boolean) => ({
      ref,
      provider: ref.split('/')[0]!,
      id: ref.split('/')[1]!,
      name: ref,
      api: 'openai-completions' as const,
      context_window: 1,
      max_tokens: 1,
      cost: { input: 0, output: 0 },
      default: isDefault,
    });
    const list = createOpenAiModelList({ models: [model('a/1', false), model('b/2', false), model('c/3', true)], default: 'c/3' }, 7);
    expect(list.data.map((m) => m.id)).toEqual(['c/3', 'a/1', 'b/2']);
    expect(list.data[0]).toEqual({ id: 'c/3', object: 'model', created: 7, owned_by: 'c' });
  });
});
