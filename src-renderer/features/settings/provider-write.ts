import type { ModelApi } from '../../../src-shared/config/schema.js';
import type { ConfigWriteBody } from '../../../src-shared/protocol/settings.js';
import { isRecord } from '../../../src-shared/utils/common.js';
import type { ConfigReader } from './config-reader.js';

/** Provider ids become YAML keys, dotted paths and the part of `models.default` before the slash. */
export const PROVIDER_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/i;

/** What the provider form holds. */
export interface ProviderDraft {
  id: string;
  baseUrl: string;
  api: ModelApi;
  /** A key typed now; null keeps the file's (or none). */
  apiKey: string | null;
  modelIds: string[];
  /** The model to make the default (one of modelIds), or null to leave models.default alone. */
  defaultModel: string | null;
}

/** A provider as the file has it, for editing. */
export interface SavedProvider {
  id: string;
  baseUrl: string;
  api: ModelApi;
  keySet: boolean;
  keyFromEnv: boolean;
  /** The file's model entries as written (cost, context window… kept when the list is edited). */
  modelEntries: unknown[];
  modelIds: string[];
}

type SetBody = Extract<ConfigWriteBody, { set?: unknown }>;

function entryId(entry: unknown): string | undefined {
  return isRecord(entry) && typeof entry.id === 'string' ? entry.id : undefined;
}

/** Reads one configured provider from the snapshot. */
export function readSavedProvider(reader: ConfigReader, id: string): SavedProvider {
  const base = `models.providers.${id}`;
  const entries = reader.fileValue(`${base}.models`);
  const modelEntries = Array.isArray(entries) ? entries : [];
  return {
    id,
    baseUrl: String(reader.get(`${base}.base_url`) ?? ''),
    api: reader.get(`${base}.api`) === 'anthropic-messages' ? 'anthropic-messages' : 'openai-completions',
    keySet: reader.isSet(`${base}.api_key`),
    keyFromEnv: reader.isEnvRef(`${base}.api_key`),
    modelEntries,
    modelIds: modelEntries.map(entryId).filter((value): value is string => value !== undefined),
  };
}

/**
 * The `config.update` body for a provider form: every field of a new provider; for a saved one only
 * what changed (an unchanged `${VAR}` URL stays a reference). Model entries the file already has are
 * kept whole. Null when nothing changed.
 */
export function resolveProviderWrite(draft: ProviderDraft, saved: SavedProvider | null, currentDefault: string | null): SetBody | null {
  const base = `models.providers.${draft.id}`;
  const set: Record<string, unknown> = {};
  if (!saved || draft.baseUrl !== saved.baseUrl) set[`${base}.base_url`] = draft.baseUrl;
  if (!saved || draft.api !== saved.api) set[`${base}.api`] = draft.api;
  if (draft.apiKey !== null && draft.apiKey !== '') set[`${base}.api_key`] = draft.apiKey;
  const sameModels = saved !== null && JSON.stringify(draft.modelIds) === JSON.stringify(saved.modelIds);
  if (!sameModels) {
    set[`${base}.models`] = draft.modelIds.map((modelId) => saved?.modelEntries.find((entry) => entryId(entry) === modelId) ?? { id: modelId });
  }
  const ref = draft.defaultModel ? `${draft.id}/${draft.defaultModel}` : null;
  if (ref && ref !== currentDefault) set['models.default'] = ref;
  return Object.keys(set).length > 0 ? { set } : null;
}

/** The body that removes a provider, and the default model with it when it names that provider. */
export function resolveProviderRemoval(id: string, currentDefault: string | null): SetBody {
  const unset = [`models.providers.${id}`];
  if (currentDefault?.startsWith(`${id}/`)) unset.push('models.default');
  return { unset };
}
