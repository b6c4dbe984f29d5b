import { describe, expect, it } from 'vitest';
import { createHttpRunError, resolveProviderErrorDetail, resolveRetryAfterSeconds } from '../../../src-main/core/agent/errors.js';

describe('resolveRetryAfterSeconds', () => {
  const now = Date.parse('2026-02-13T10:00:00Z');

  it('reads delta seconds', () => {
    expect(resolveRetryAfterSeconds('7', now)).toBe(7);
    expect(resolveRetryAfterSeconds('0.5', now)).toBe(0.5);
  });

  it('reads an HTTP date relative to now', () => {
    expect(resolveRetryAfterSeconds('Fri, 13 Feb 2026 10:00:30 GMT', now)).toBe(30);
    expect(resolveRetryAfterSeconds('Fri, 13 Feb 2026 09:00:00 GMT', now)).toBe(0);
  });

  it('ignores a missing or unreadable header', () => {
    expect(resolveRetryAfterSeconds(null, now)).toBeUndefined();
    expect(resolveRetryAfterSeconds('soon', now)).toBeUndefined();
  });
});

describe('resolveProviderErrorDetail', () => {
  it('takes error.message from an OpenAI or Anthropic error body', () => {
    expect(resolveProviderErrorDetail('{"error":{"message":"Bad key","type":"invalid_request_error"}}')).toBe('Bad key');
    expect(resolveProviderErrorDetail('{"type":"error","error":{"type":"not_found_error","message":"model: x"}}')).toBe('model: x');
  });

  it('takes a string error (Ollama) or the text itself, whitespace collapsed and shortened', () => {
    expect(resolveProviderErrorDetail('{"error":"model \\"x\\" not found, try pulling it first"}')).toBe('model "x" not found, try pulling it first');
    expect(resolveProviderErrorDetail('<html>\n  <body>Bad Gateway</body>\n</html>')).toBe('<html> <body>Bad Gateway</body> </html>');
    expect(resolveProviderErrorDetail('x'.repeat(1000))).toHaveLength(301);
  });
});

describe('createHttpRunError', () => {
  const ctx = { provider: 'openai', model: 'gpt-4o', url: 'https://api.openai.com/v1/chat/completions' };

  it('words an unexpected 4xx as a rejected request', () => {
    const error = createHttpRunError({ status: 400, detail: 'max_tokens is too large' }, ctx, 1);
    expect(error.kind).toBe('bad_request');
    expect(error.message).toBe(
      'Model provider "openai" (https://api.openai.com/v1/chat/completions) rejected the request for model "gpt-4o" (HTTP 400: max_tokens is too large)',
    );
  });

  it('keeps the retry-after of a 429', () => {
    const error = createHttpRunError({ status: 429, detail: '', retryAfterSeconds: 12 }, ctx, 3);
    expect(error.kind).toBe('rate_limited');
    expect(error.retryAfterSeconds).toBe(12);
    expect(error.message).toContain('(HTTP 429) after 3 attempts. It asked to wait 12 s.');
  });
});
