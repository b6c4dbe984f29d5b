import {
  ModelDefinitionConfigSchema,
  type ModelApi,
  type ModelDefinitionConfig,
  type ModelProviderConfig,
  type ModelsConfig,
} from '../../../src-shared/config/schema.js';
import type { ModelInfo, ModelsListResult } from '../../../src-shared/protocol/chat.js';
import type { SessionEntry } from '../../../src-shared/sessions/entry.js';
import { AgentRunError } from './errors.js';

/** The model a run uses, with its provider's settings. */
export interface ResolvedModel {
  /** "provider/model". */
  ref: string;
  provider: string;
  providerConfig: ModelProviderConfig;
  model: ModelDefinitionConfig;
  api: ModelApi;
}

type Overrides = Pick<SessionEntry, 'provider_override' | 'model_override'>;

/** Splits "provider/model" at the first slash (model ids such as OpenRouter's may contain more); undefined without one. */
export function parseModelRef(ref: string): { provider: string; model: string } | undefined {
  const slash = ref.indexOf('/');
  if (slash <= 0 || slash === ref.length - 1) return undefined;
  return { provider: ref.slice(0, slash), model: ref.slice(slash + 1) };
}

/**
 * Resolves the model for a session: its `provider_override`/`model_override` (a model_override of
 * the form "provider/model" names both), else `models.default`, else the first model of the first
 * provider. A model id the provider does not list is used with the schema defaults (128k context,
 * 4096 output tokens, no cost). Throws AgentRunError('config') naming the key to fix.
 */
export function resolveModel(models: ModelsConfig, overrides: Overrides = {}): ResolvedModel {
  const providerNames = Object.keys(models.providers);
  const fallback = resolveDefaultRef(models);
  let provider = overrides.provider_override?.trim() || undefined;
  let modelId = overrides.model_override?.trim() || undefined;
  let source = provider ? `the session's provider_override "${provider}"` : undefined;

  if (modelId && !provider) {
    const ref = parseModelRef(modelId);
    if (ref && Object.hasOwn(models.providers, ref.provider)) {
      provider = ref.provider;
      modelId = ref.model;
    } else {
      provider = fallback?.provider ?? providerNames.find((name) => models.providers[name]?.models.some((m) => m.id === modelId));
    }
    source = `the session's model_override "${overrides.model_override}"`;
  }
  if (!provider) {
    if (!fallback) {
      throw new AgentRunError(
        'config',
        'No model is configured: add a provider under models.providers and set models.default to "provider/model" (e.g. "ollama/llama3.2")',
      );
    }
    provider = fallback.provider;
    modelId ??= fallback.model;
    source = fallback.source;
  }

  const providerConfig = models.providers[provider];
  if (!providerConfig) {
    const known = providerNames.length > 0 ? `configured providers: ${providerNames.join(', ')}` : 'no providers are configured';
    throw new AgentRunError('config', `Unknown model provider "${provider}" (from ${source}); ${known}. Add it under models.providers.${provider}`);
  }
  if (!modelId) {
    modelId = fallback?.provider === provider ? fallback.model : providerConfig.models[0]?.id;
    if (!modelId) {
      throw new AgentRunError(
        'config',
        `Model provider "${provider}" lists no models; add one under models.providers.${provider}.models or set the session's model_override`,
      );
    }
  }
  const model = providerConfig.models.find((m) => m.id === modelId) ?? ModelDefinitionConfigSchema.parse({ id: modelId });
  return { ref: `${provider}/${model.id}`, provider, providerConfig, model, api: model.api ?? providerConfig.api };
}

function resolveDefaultRef(models: ModelsConfig): { provider: string; model: string; source: string } | undefined {
  if (models.default) {
    const ref = parseModelRef(models.default);
    if (ref) return { ...ref, source: `models.default "${models.default}"` };
  }
  for (const [provider, config] of Object.entries(models.providers)) {
    const first = config.models[0];
    if (first) return { provider, model: first.id, source: `the first model of models.providers.${provider}` };
  }
  return undefined;
}

/** Lists every configured model (plus models.default when its provider does not list it), flagging the default. */
export function listModels(models: ModelsConfig): ModelsListResult {
  let defaultRef: string | null = null;
  try {
    defaultRef = resolveModel(models).ref;
  } catch {
    // No usable default (nothing configured, or models.default names an unknown provider): list without one.
  }
  const out: ModelInfo[] = [];
  for (const [provider, config] of Object.entries(models.providers)) {
    for (const model of config.models) out.push(toModelInfo(provider, config, model, defaultRef));
  }
  if (defaultRef && !out.some((m) => m.ref === defaultRef)) {
    const resolved = resolveModel(models);
    out.unshift(toModelInfo(resolved.provider, resolved.providerConfig, resolved.model, defaultRef));
  }
  return { models: out, default: defaultRef };
}

/**
 * Why a session's `model_override` cannot be used: the model resolveModel would pick for it is not
 * configured (a bare id goes with the default provider, so an id only another provider lists is
 * refused, naming "provider/id"), or nothing is configured at all; undefined when it is usable.
 */
export function resolveModelOverrideIssue(models: ModelsConfig, override: string): string | undefined {
  const listed = listModels(models).models;
  const value = override.trim();
  if (listed.length === 0) return `model_override "${value}" cannot be used: no model is configured; add a provider in Settings (models.providers) first`;
  let ref: string;
  try {
    ref = resolveModel(models, { model_override: value }).ref;
  } catch (error) {
    // A bare id goes with models.default's provider, which may itself be missing.
    if (error instanceof AgentRunError) return `model_override "${value}" cannot be used: ${error.message}`;
    throw error;
  }
  if (listed.some((model) => model.ref === ref)) return undefined;
  const valid = `use one of: ${listed.map((model) => model.ref).join(', ')}`;
  const elsewhere = listed.filter((model) => model.id === value).map((model) => `"${model.ref}"`);
  if (elsewhere.length > 0) {
    return `model_override "${value}" would run ${ref} (a bare id goes with the default provider), which is not configured; write ${elsewhere.join(' or ')}, or ${valid}`;
  }
  return `model_override "${value}" names no configured model; ${valid}`;
}

function toModelInfo(provider: string, config: ModelProviderConfig, model: ModelDefinitionConfig, defaultRef: string | null): ModelInfo {
  const ref = `${provider}/${model.id}`;
  return {
    ref,
    provider,
    id: model.id,
    name: model.name ?? model.id,
    api: model.api ?? config.api,
    context_window: model.context_window,
    max_tokens: model.max_tokens,
    cost: { input: model.cost.input, output: model.cost.output },
    default: ref === defaultRef,
  };
}
