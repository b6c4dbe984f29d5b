import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfigFileSnapshot } from '../../../src-main/core/config/loader.js';
import { redactConfigSnapshot } from '../../../src-main/core/gateway/config-redaction.js';
import { REDACTED_VALUE } from '../../../src-shared/config/redact.js';
import { ConfigSnapshotResponseSchema, type ConfigSnapshotResponse } from '../../../src-shared/protocol/http.js';
import { useTempDirs } from '../config/temp-dir.js';

// Every secret in these files contains "Zq7"; no part of a response may.
const MARK = 'Zq7';
const makeTempDir = useTempDirs();

/** Writes the file, reads it as the gateway does and redacts the snapshot as GET /api/config/snapshot sends it. */
async function snapshotOf(text: string, name = 'openclaw.yaml'): Promise<ConfigSnapshotResponse> {
  const file = path.join(await makeTempDir(), name);
  await writeFile(file, text);
  const response = redactConfigSnapshot(await readConfigFileSnapshot(file));
  expect(ConfigSnapshotResponseSchema.parse(response)).toEqual(response);
  return response;
}

function expectNoSecret(response: ConfigSnapshotResponse): void {
  expect(JSON.stringify(response)).not.toContain(MARK);
}

describe('the raw text of the config snapshot never leaks a secret', () => {
  it('withholds raw for a multi-line quoted secret, naming the key', async () => {
    const response = await snapshotOf('gateway:\n  token: "Zq7-first-line\n    Zq7-second-line"\n  port: 18789\n');
    expectNoSecret(response);
    expect(response.raw).toBeNull();
    expect(response.raw_withheld_reason).toContain('gateway.token');
    expect(response.parsed).toMatchObject({ gateway: { token: REDACTED_VALUE, port: 18789 } });
  });

  it('withholds raw for a file saved mid-edit with an unclosed quote', async () => {
    const response = await snapshotOf('gateway:\n  password: "Zq7-unclosed\n  port: 18789\n');
    expectNoSecret(response);
    expect(response.raw).toBeNull();
    expect(response.raw_withheld_reason).toMatch(/does not parse/);
    expect(response.valid).toBe(false);
  });

  it('withholds raw for a secret folded over continuation lines', async () => {
    const response = await snapshotOf('telegram:\n  bot_token: 123:Zq7-part-one\n    Zq7-part-two\n');
    expectNoSecret(response);
    expect(response.raw).toBeNull();
    expect(response.raw_withheld_reason).toContain('telegram.bot_token');
  });

  it('hides an anchored secret reused by an alias under a key that is not secret', async () => {
    const response = await snapshotOf('gateway:\n  token: &t Zq7-anchored\nidentity:\n  name: *t\n');
    expectNoSecret(response);
    expect(response.raw).toBe(`gateway:\n  token: &t ${REDACTED_VALUE}\nidentity:\n  name: *t\n`);
    expect(response.parsed).toEqual({ gateway: { token: REDACTED_VALUE }, identity: { name: REDACTED_VALUE } });
    expect(response.config?.identity.name).toBe(REDACTED_VALUE);
  });

  it('scrubs an old token kept in a comment, keeping the comment', async () => {
    const response = await snapshotOf(
      'telegram:\n  # the previous one was 987654321:AAFZq7oldTokenValue0123456789ab, see https://api.telegram.org/bot1:AAFZq7inPath0123456789/getMe\n  bot_token: 123456789:AAHZq7current\n  # api_key: sk-Zq7old\n',
    );
    expectNoSecret(response);
    expect(response.raw).toBe(
      `telegram:\n  # the previous one was 987654321:${REDACTED_VALUE}, see https://api.telegram.org/bot1:${REDACTED_VALUE}/getMe\n  bot_token: ${REDACTED_VALUE}\n  # api_key: ${REDACTED_VALUE}\n`,
    );
  });

  it('treats URL userinfo and key or token query values as secrets in raw, parsed and config', async () => {
    const response = await snapshotOf(
      [
        'models:',
        '  providers:',
        '    p:',
        '      base_url: https://ada:Zq7pw@llm.test/v1?key=Zq7key&api-version=2024',
        '      models: [{ id: m }]',
        'telegram:',
        '  webhook:',
        '    url: https://hook.test/tg?token=Zq7hook',
        '    secret_token: Zq7-webhook-secret-0123',
        '',
      ].join('\n'),
    );
    expectNoSecret(response);
    expect(response.raw).toContain(`base_url: https://${REDACTED_VALUE}@llm.test/v1?key=${REDACTED_VALUE}&api-version=2024`);
    expect(response.config?.models.providers.p?.base_url).toBe(`https://${REDACTED_VALUE}@llm.test/v1?key=${REDACTED_VALUE}&api-version=2024`);
  });

  it('does not quote an invalid URL (it may carry credentials) in the issue about it', async () => {
    const response = await snapshotOf('models:\n  providers:\n    p:\n      base_url: "https://ada:Zq7pw@llm test/v1"\n      models: [{ id: m }]\n');
    expectNoSecret(response);
    expect(response.issues).toEqual([{ path: 'models.providers.p.base_url', message: 'must be a URL like https://example.com' }]);
  });

  it('treats provider header values as secrets in raw, parsed and config', async () => {
    const response = await snapshotOf(
      [
        'models:',
        '  providers:',
        '    azure:',
        '      base_url: https://azure.test/v1',
        '      headers: { Ocp-Apim-Subscription-Key: Zq7apim, X-Custom-Auth: Bearer Zq7custom, X-Title: OpenClaw }',
        '      models: [{ id: m }]',
        '',
      ].join('\n'),
    );
    expectNoSecret(response);
    expect(response.raw).toContain(`headers: { Ocp-Apim-Subscription-Key: ${REDACTED_VALUE}, X-Custom-Auth: ${REDACTED_VALUE}, X-Title: OpenClaw }`);
    expect(response.config?.models.providers.azure?.headers).toEqual({
      'Ocp-Apim-Subscription-Key': REDACTED_VALUE,
      'X-Custom-Auth': REDACTED_VALUE,
      'X-Title': 'OpenClaw',
    });
  });

  it('sends raw with its secrets replaced when each is written verbatim, and no reason', async () => {
    const response = await snapshotOf('{\n  "gateway": { "token": "Zq7-json-token", "port": 18789 }\n}\n', 'openclaw.json');
    expectNoSecret(response);
    expect(response.raw).toBe(`{\n  "gateway": { "token": "${REDACTED_VALUE}", "port": 18789 }\n}\n`);
    expect(response.raw_withheld_reason).toBeNull();
  });
});
