import { describe, expect, it } from 'vitest';
import { ModelsConfigSchema, type ModelsConfig } from '../../../src-shared/config/schema.js';
import { listModels, parseModelRef, resolveModel, resolveModelOverrideIssue } from '../../../src-main/core/agent/models.js';

const models = (input: unknown): ModelsConfig => ModelsConfigSchema.parse(input);

const TWO = models({
  default: 'anthropic/claude-sonnet-4',
  providers: {
    anthropic: { base_url: 'https://api.anthropic.com', api: 'anthropic-messages', models: [{ id: 'claude-sonnet-4', context_window: 200000 }] },
    openrouter: { base_url: 'https://openrouter.ai/api/v1', models: [{ id: 'meta-llama/llama-3.3-70b' }, { id: 'openai/gpt-4o' }] },
  },
});

describe('parseModelRef', () => {
  it('splits at the first slash so model ids may contain slashes', () => {
    expect(parseModelRef('openrouter/meta-llama/llama-3.3-70b')).toEqual({ provider: 'openrouter', model: 'meta-llama/llama-3.3-70b' });
    expect(parseModelRef('no-slash')).toBeUndefined();
    expect(parseModelRef('/x')).toBeUndefined();
  });
});

describe('resolveModel', () => {
  it('uses models.default with the provider api and the model definition', () => {
    const resolved = resolveModel(TWO);
    expect(resolved).toMatchObject({ ref: 'anthropic/claude-sonnet-4', provider: 'anthropic', api: 'anthropic-messages', model: { context_window: 200000 } });
  });

  it('a model_override naming "provider/model" picks both', () => {
    expect(resolveModel(TWO, { model_override: 'openrouter/openai/gpt-4o' }).ref).toBe('openrouter/openai/gpt-4o');
  });

  it('a bare model_override stays with the default provider', () => {
    expect(resolveModel(TWO, { model_override: 'claude-opus-4' })).toMatchObject({ provider: 'anthropic', model: { id: 'claude-opus-4', context_window: 128000, max_tokens: 4096 } });
  });

  it('a bare model_override with a slash that is not a provider stays one model id', () => {
    expect(resolveModel(TWO, { provider_override: 'openrouter', model_override: 'meta-llama/llama-3.3-70b' }).ref).toBe('openrouter/meta-llama/llama-3.3-70b');
  });

  it('a provider_override alone takes that provider first model', () => {
    expect(resolveModel(TWO, { provider_override: 'openrouter' }).ref).toBe('openrouter/meta-llama/llama-3.3-70b');
  });

  it('without models.default, the first model of the first provider', () => {
    expect(resolveModel(models({ providers: { local: { base_url: 'http://127.0.0.1:1234/v1', models: [{ id: 'qwen' }] } } })).ref).toBe('local/qwen');
  });

  it('a per-model api overrides the provider api', () => {
    const config = models({ default: 'p/m', providers: { p: { base_url: 'http://h', models: [{ id: 'm', api: 'anthropic-messages' }] } } });
    expect(resolveModel(config).api).toBe('anthropic-messages');
  });

  it('explains a models.default naming an unknown provider', () => {
    expect(() => resolveModel(models({ default: 'openai/gpt-4o' }))).toThrow(
      'Unknown model provider "openai" (from models.default "openai/gpt-4o"); no providers are configured. Add it under models.providers.openai',
    );
  });

  it('explains a provider without models and without a default model for it', () => {
    expect(() => resolveModel(models({ providers: { empty: { base_url: 'http://h' } } }), { provider_override: 'empty' })).toThrow(
      "Model provider \"empty\" lists no models; add one under models.providers.empty.models or set the session's model_override",
    );
  });
});

describe('listModels', () => {
  it('lists every model with ref, api and the default flag', () => {
    const list = listModels(TWO);
    expect(list.default).toBe('anthropic/claude-sonnet-4');
    expect(list.models.map((m) => [m.ref, m.api, m.default])).toEqual([
      ['anthropic/claude-sonnet-4', 'anthropic-messages', true],
      ['openrouter/meta-llama/llama-3.3-70b', 'openai-completions', false],
      ['openrouter/openai/gpt-4o', 'openai-completions', false],
    ]);
  });

  it('adds a default model the provider does not list', () => {
    const list = listModels(models({ default: 'ollama/llama3.2', providers: { ollama: { base_url: 'http://127.0.0.1:11434/v1' } } }));
    expect(list.models.map((m) => [m.ref, m.name, m.default])).toEqual([['ollama/llama3.2', 'llama3.2', true]]);
  });

  it('is empty with a null default when nothing is configured', () => {
    expect(listModels(models({}))).toEqual({ models: [], default: null });
  });
});

describe('resolveModelOverrideIssue', () => {
  it('accepts a "provider/model" ref and a bare id the default provider lists', () => {
    expect(resolveModelOverrideIssue(TWO, 'openrouter/openai/gpt-4o')).toBeUndefined();
    expect(resolveModelOverrideIssue(TWO, 'claude-sonnet-4')).toBeUndefined();
  });

  it('refuses a bare id only another provider lists, since resolveModel would pair it with the default provider', () => {
    expect(resolveModel(TWO, { model_override: 'openai/gpt-4o' }).ref).toBe('anthropic/openai/gpt-4o');
    expect(resolveModelOverrideIssue(TWO, 'openai/gpt-4o')).toBe(
      'model_override "openai/gpt-4o" would run anthropic/openai/gpt-4o (a bare id goes with the default provider), which is not configured; write "openrouter/openai/gpt-4o", or use one of: anthropic/claude-sonnet-4, openrouter/meta-llama/llama-3.3-70b, openrouter/openai/gpt-4o',
    );
  });

  it('refuses an id no provider lists, with the valid refs', () => {
    expect(resolveModelOverrideIssue(TWO, 'gpt-9')).toBe(
      'model_override "gpt-9" names no configured model; use one of: anthropic/claude-sonnet-4, openrouter/meta-llama/llama-3.3-70b, openrouter/openai/gpt-4o',
    );
  });

  it('says so when nothing is configured, or when models.default names a provider that does not exist', () => {
    expect(resolveModelOverrideIssue(models({}), 'm1')).toContain('no model is configured; add a provider in Settings (models.providers) first');
    const ghost = models({ default: 'ghost/m', providers: { fake: { base_url: 'http://127.0.0.1:9/v1', models: [{ id: 'm1' }] } } });
    expect(resolveModelOverrideIssue(ghost, 'm1')).toContain('model_override "m1" cannot be used: Unknown model provider "ghost"');
    expect(resolveModelOverrideIssue(ghost, 'fake/m1')).toBeUndefined();
  });
});
