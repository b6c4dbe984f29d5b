import { describe, expect, it } from 'vitest';
import { REDACTED_VALUE } from '../../../src-shared/config/redact.js';
import type { ConfigFileSnapshot } from '../../../src-shared/config/snapshot.js';
import { redactConfigSnapshot } from '../../../src-main/core/gateway/config-redaction.js';

// Only the fields redaction reads matter here, so a partial config stands in for a full one.
function snapshot(raw: string | null, parsed: unknown, config: Record<string, unknown> | null = null): ConfigFileSnapshot {
  return {
    path: '/x/openclaw.yaml',
    exists: true,
    raw,
    parsed,
    valid: config !== null,
    config: config as ConfigFileSnapshot['config'],
    hash: 'h',
    issues: [],
    warnings: [],
    loaded_at: 1,
  };
}

describe('redactConfigSnapshot', () => {
  it('replaces secret values in raw, parsed and config, keeping the rest of the text', () => {
    const raw = 'gateway:\n  token: abc123secret # mine\n  port: 18789\n';
    const parsed = { gateway: { token: 'abc123secret', port: 18789 } };
    const result = redactConfigSnapshot(snapshot(raw, parsed, parsed));
    expect(result.raw).toBe(`gateway:\n  token: ${REDACTED_VALUE} # mine\n  port: 18789\n`);
    expect(result.raw_redacted).toBe(true);
    expect(result.parsed).toEqual({ gateway: { token: REDACTED_VALUE, port: 18789 } });
    expect(result.config).toEqual({ gateway: { token: REDACTED_VALUE, port: 18789 } });
  });

  it('withholds the text of a file that does not parse, saying why', () => {
    const raw = 'telegram:\n  bot_token: "123:abc"\n  enabled: [oops\n';
    const result = redactConfigSnapshot(snapshot(raw, null));
    expect(result.raw).toBeNull();
    expect(result.raw_withheld_reason).toMatch(/does not parse/);
  });

  it('scrubs JSON files too', () => {
    const raw = '{\n  "gateway": {\n    "password": "p@ss",\n    "port": 1\n  }\n}';
    const result = redactConfigSnapshot(snapshot(raw, { gateway: { password: 'p@ss', port: 1 } }));
    expect(result.raw).not.toContain('p@ss');
    expect(result.raw).toContain(`"password": "${REDACTED_VALUE}",`);
  });

  it('replaces a one-line block scalar secret', () => {
    const raw = 'gateway:\n  token: |\n    only-line-secret\n  port: 1\n';
    const result = redactConfigSnapshot(snapshot(raw, { gateway: { token: 'only-line-secret\n', port: 1 } }));
    expect(result.raw).toBe(`gateway:\n  token: |\n    ${REDACTED_VALUE}\n  port: 1\n`);
  });

  it('replaces secrets inside flow mappings', () => {
    const raw = 'gateway: {token: "s3cret-flow", port: 1}\n';
    const result = redactConfigSnapshot(snapshot(raw, { gateway: { token: 's3cret-flow', port: 1 } }));
    expect(result.raw).toBe(`gateway: {token: "${REDACTED_VALUE}", port: 1}\n`);
  });

  it('withholds raw when a secret is written with escapes, naming the key', () => {
    const raw = 'gateway: {token: "s3cr\\x65t", port: 1}\n';
    const result = redactConfigSnapshot(snapshot(raw, { gateway: { token: 's3cret', port: 1 } }));
    expect(result.raw).toBeNull();
    expect(result.raw_withheld_reason).toContain('gateway.token');
    expect(JSON.stringify(result)).not.toContain('s3cret');
  });

  it('withholds raw when a secret is still readable after scrubbing (an alias of a non-secret block)', () => {
    const raw = 'identity:\n  persona: &p |\n    line-one-secret\n    line-two\ngateway:\n  token: *p\n';
    const parsed = { identity: { persona: 'line-one-secret\nline-two\n' }, gateway: { token: 'line-one-secret\nline-two\n' } };
    const result = redactConfigSnapshot(snapshot(raw, parsed));
    expect(result.raw).toBeNull();
    expect(result.raw_redacted).toBe(true);
  });

  it('replaces a very short secret where it stands alone, not inside other words', () => {
    const raw = 'gateway:\n  password: s\n  host: https-proxy.test\n';
    const result = redactConfigSnapshot(snapshot(raw, { gateway: { password: 's', host: 'https-proxy.test' } }));
    expect(result.raw).toBe(`gateway:\n  password: ${REDACTED_VALUE}\n  host: https-proxy.test\n`);
  });

  it('leaves a secret-free file as it is', () => {
    const raw = 'identity:\n  name: Claw\n';
    const result = redactConfigSnapshot(snapshot(raw, { identity: { name: 'Claw' } }));
    expect(result.raw).toBe(raw);
    expect(result.raw_redacted).toBe(false);
  });
});
