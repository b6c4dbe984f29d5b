import type { ModelApi } from '../../../src-shared/config/schema.js';

/**
 * Resolves the URL a provider's chat request goes to. openai-completions: base_url + `/chat/completions`
 * (base_url usually ends in `/v1`; a bare origin gets `/v1/chat/completions`). anthropic-messages:
 * base_url + `/v1/messages` (or `/messages` when base_url already ends in `/v1`). A base_url that
 * already names the endpoint is used as it is.
 */
export function resolveChatEndpoint(api: ModelApi, baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  if (api === 'anthropic-messages') {
    if (base.endsWith('/v1/messages')) return base;
    return base.endsWith('/v1') ? `${base}/messages` : `${base}/v1/messages`;
  }
  if (base.endsWith('/chat/completions')) return base;
  const { pathname } = new URL(base);
  return pathname === '' || pathname === '/' ? `${base}/v1/chat/completions` : `${base}/chat/completions`;
}

/**
 * Resolves a provider's models-list URL, next to its chat endpoint: `<base>/models` when base_url
 * ends in `/v1` (or any path), `<origin>/v1/models` for a bare origin; anthropic-messages always under `/v1`.
 */
export function resolveModelsEndpoint(api: ModelApi, baseUrl: string): string {
  return resolveChatEndpoint(api, baseUrl).replace(/\/(chat\/completions|messages)$/, '/models');
}
