import type { FakeProvider } from '../../fixtures/providers/fake-provider.js';

/**
 * The config's `models:` section with one model, `fake/m1`, served by the fake provider (YAML
 * lines, to join with the rest of a spec's config).
 */
export function fakeModelsYaml(provider: FakeProvider, options: { apiKey?: string; cost?: { input: number; output: number } } = {}): string[] {
  return [
    'models:',
    '  default: fake/m1',
    '  providers:',
    '    fake:',
    `      base_url: ${provider.origin}/v1`,
    ...(options.apiKey === undefined ? [] : [`      api_key: ${options.apiKey}`]),
    '      models:',
    '        - id: m1',
    ...(options.cost === undefined ? [] : [`          cost: { input: ${options.cost.input}, output: ${options.cost.output} }`]),
  ];
}
