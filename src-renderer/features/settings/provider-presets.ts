import type { ModelApi } from '../../../src-shared/config/schema.js';

/** A kind of model provider the setup offers, with the values it fills in. */
export interface ProviderPreset {
  preset: 'openai' | 'anthropic' | 'openrouter' | 'ollama' | 'custom';
  label: string;
  /** The provider id under models.providers (what `models.default` names before the slash). */
  id: string;
  baseUrl: string;
  api: ModelApi;
  /** required: a cloud API; none: a local server without keys; optional: depends on the server. */
  key: 'required' | 'none' | 'optional';
  /** Where the key comes from, or what the server is. */
  hint: string;
}

/** The providers offered in setup, each with its base URL and API style filled in. */
export const PROVIDER_PRESETS: readonly ProviderPreset[] = [
  {
    preset: 'openai',
    label: 'OpenAI',
    id: 'openai',
    baseUrl: 'https://api.openai.com/v1',
    api: 'openai-completions',
    key: 'required',
    hint: 'Create a key at platform.openai.com → API keys.',
  },
  {
    preset: 'anthropic',
    label: 'Anthropic',
    id: 'anthropic',
    baseUrl: 'https://api.anthropic.com/v1',
    api: 'anthropic-messages',
    key: 'required',
    hint: 'Create a key at console.anthropic.com → API keys.',
  },
  {
    preset: 'openrouter',
    label: 'OpenRouter',
    id: 'openrouter',
    baseUrl: 'https://openrouter.ai/api/v1',
    api: 'openai-completions',
    key: 'required',
    hint: 'One key for many models: openrouter.ai → Keys.',
  },
  {
    preset: 'ollama',
    label: 'Ollama on this computer',
    id: 'ollama',
    baseUrl: 'http://127.0.0.1:11434/v1',
    api: 'openai-completions',
    key: 'none',
    hint: 'Runs models locally; no key needed. Start Ollama and pull a model first (ollama pull llama3.2).',
  },
  {
    preset: 'custom',
    label: 'Any OpenAI-compatible server',
    id: 'local',
    baseUrl: '',
    api: 'openai-completions',
    key: 'optional',
    hint: 'LM Studio, vLLM, llama.cpp, a company proxy…: enter its URL (usually ending in /v1) and a key if it asks for one.',
  },
];
