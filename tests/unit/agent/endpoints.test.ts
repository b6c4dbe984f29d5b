import { describe, expect, it } from 'vitest';
import { resolveChatEndpoint, resolveModelsEndpoint } from '../../../src-main/core/agent/endpoints.js';

describe('resolveChatEndpoint', () => {
  it.each([
    ['https://api.openai.com/v1', 'https://api.openai.com/v1/chat/completions'],
    ['http://127.0.0.1:11434/v1/', 'http://127.0.0.1:11434/v1/chat/completions'],
    ['http://localhost:1234', 'http://localhost:1234/v1/chat/completions'],
    ['https://openrouter.ai/api/v1', 'https://openrouter.ai/api/v1/chat/completions'],
    ['http://h/v1/chat/completions', 'http://h/v1/chat/completions'],
  ])('openai-completions: %s → %s', (base, url) => {
    expect(resolveChatEndpoint('openai-completions', base)).toBe(url);
  });

  it.each([
    ['https://api.anthropic.com', 'https://api.anthropic.com/v1/messages'],
    ['https://api.anthropic.com/v1', 'https://api.anthropic.com/v1/messages'],
    ['https://proxy.example/anthropic/', 'https://proxy.example/anthropic/v1/messages'],
    ['http://h/v1/messages', 'http://h/v1/messages'],
  ])('anthropic-messages: %s → %s', (base, url) => {
    expect(resolveChatEndpoint('anthropic-messages', base)).toBe(url);
  });
});

describe('resolveModelsEndpoint', () => {
  it('puts the models list next to the chat endpoint', () => {
    expect(resolveModelsEndpoint('openai-completions', 'https://api.openai.com/v1')).toBe('https://api.openai.com/v1/models');
    expect(resolveModelsEndpoint('openai-completions', 'http://127.0.0.1:11434/')).toBe('http://127.0.0.1:11434/v1/models');
    expect(resolveModelsEndpoint('openai-completions', 'https://openrouter.ai/api/v1')).toBe('https://openrouter.ai/api/v1/models');
    expect(resolveModelsEndpoint('anthropic-messages', 'https://api.anthropic.com')).toBe('https://api.anthropic.com/v1/models');
    expect(resolveModelsEndpoint('anthropic-messages', 'https://api.anthropic.com/v1')).toBe('https://api.anthropic.com/v1/models');
  });
});
