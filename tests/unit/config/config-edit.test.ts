import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REDACTED_VALUE } from '../../../src-shared/config/redact.js';
import { ConfigUpdateError, resolveConfigEdit, resolveEditedText, resolveEnvReferencePaths, resolveIssueLocations } from '../../../src-main/core/config/config-edit.js';
import { STARTER_CONFIG_YAML } from '../../../src-main/electron/desktop-files.js';

const YAML_PATH = '/state/openclaw.yaml';

// A file as a person writes it: comments everywhere, odd key order, quoting styles, a blank line,
// an unknown key and a ${VAR} reference.
const HAND_WRITTEN = `# My assistant (hand-written)
identity:
  name: 'Jarvis'   # single quotes on purpose

models:
  # the key lives in the environment
  providers:
    openai:
      api_key: "\${OPENAI_API_KEY}"
      base_url: https://api.openai.com/v1
      models:
        - id: gpt-4o-mini
  default: openai/gpt-4o-mini
my_notes: keep me # unknown key
telegram:
  enabled: false
  bot_token: "123:ABC"
`;

function edit(changes: { path: string[]; value?: unknown }[], text: string | null = HAND_WRITTEN): string {
  return resolveEditedText(YAML_PATH, text, { changes });
}

function refusal(run: () => unknown): ConfigUpdateError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigUpdateError) return error;
    throw error;
  }
  throw new Error('expected a ConfigUpdateError');
}

/** Every line of `before` that is a comment, a blank line or an unchanged key line is still in `after`, in order. */
function expectKept(after: string, lines: string[]): void {
  let from = 0;
  for (const line of lines) {
    const at = after.indexOf(line, from);
    expect(at, `kept: ${line}`).toBeGreaterThanOrEqual(0);
    from = at + line.length;
  }
}

const KEPT_LINES = ['# My assistant (hand-written)', "  name: 'Jarvis'   # single quotes on purpose", '\n\nmodels:', '  # the key lives in the environment', '      api_key: "${OPENAI_API_KEY}"', 'my_notes: keep me # unknown key'];

describe('resolveEditedText: form edits keep the person’s file', () => {
  it('adds a provider, keeping comments, key order, quoting, blank lines, unknown keys and ${VAR}', () => {
    const after = edit([{ path: ['models', 'providers', 'local'], value: { base_url: 'http://127.0.0.1:11434/v1', models: [{ id: 'llama3.2' }] } }]);
    expectKept(after, KEPT_LINES);
    expect(parse(after).models.providers.local).toEqual({ base_url: 'http://127.0.0.1:11434/v1', models: [{ id: 'llama3.2' }] });
    expect(after.indexOf('openai:')).toBeLessThan(after.indexOf('local:'));
  });

  it('changes a provider field in place', () => {
    const after = edit([{ path: ['models', 'providers', 'openai', 'base_url'], value: 'https://proxy.example/v1' }]);
    expectKept(after, KEPT_LINES);
    expect(after).toContain('      base_url: https://proxy.example/v1\n');
    expect(after).not.toContain('api.openai.com');
  });

  it('removes a provider and nothing else', () => {
    const after = edit([{ path: ['models', 'providers', 'openai'] }, { path: ['models', 'default'] }]);
    expect(parse(after).models).toEqual({ providers: {} });
    expectKept(after, ['# My assistant (hand-written)', "  name: 'Jarvis'   # single quotes on purpose", 'my_notes: keep me # unknown key']);
  });

  it('sets and clears a secret', () => {
    const set = edit([{ path: ['telegram', 'bot_token'], value: '999:NEW' }]);
    expect(parse(set).telegram.bot_token).toBe('999:NEW');
    expectKept(set, KEPT_LINES);
    const cleared = edit([{ path: ['telegram', 'bot_token'] }]);
    expect(parse(cleared).telegram).toEqual({ enabled: false });
    expectKept(cleared, KEPT_LINES);
  });

  it('adds a bot account under telegram.accounts', () => {
    const after = edit([{ path: ['telegram', 'accounts', 'work'], value: { bot_token: '555:WORK', dm_policy: 'allowlist', allow_from: [42] } }]);
    expect(parse(after).telegram.accounts.work).toEqual({ bot_token: '555:WORK', dm_policy: 'allowlist', allow_from: [42] });
    expectKept(after, KEPT_LINES);
  });

  it('fills the starter file (comments over `{}`) in block style under its comments', () => {
    const after = edit([{ path: ['models', 'default'], value: 'fake/m' }], STARTER_CONFIG_YAML);
    expect(after.startsWith(STARTER_CONFIG_YAML.slice(0, STARTER_CONFIG_YAML.indexOf('{}')))).toBe(true);
    expect(after.endsWith('models:\n  default: fake/m\n')).toBe(true);
  });

  it('keeps the layout of lines nobody edited (flow lists, comment alignment), but never an old value', () => {
    const file = 'gateway:\n  allowed_origins: ["https://a.example","https://b.example"]\n  port: 18789      # aligned\nidentity:\n  name: "a  b"\n';
    const after = edit([{ path: ['gateway', 'port'], value: 18800 }], file);
    expect(after).toContain('  allowed_origins: ["https://a.example","https://b.example"]\n');
    const renamed = edit([{ path: ['identity', 'name'], value: 'a b' }], file);
    expect(parse(renamed).identity.name).toBe('a b');
    expect(renamed).toContain('port: 18789      # aligned');
  });

  it('writes a first file from nothing', () => {
    expect(parse(edit([{ path: ['gateway', 'port'], value: 18800 }], null))).toEqual({ gateway: { port: 18800 } });
  });

  it('keeps the file’s value where a form sends back the redaction placeholder', () => {
    const after = edit([
      { path: ['telegram', 'bot_token'], value: REDACTED_VALUE },
      { path: ['telegram', 'enabled'], value: true },
    ]);
    expect(parse(after).telegram).toEqual({ enabled: true, bot_token: '123:ABC' });
  });

  it('keeps nested placeholders of a whole section sent back, and refuses one the file has no value for', () => {
    const after = edit([{ path: ['telegram'], value: { enabled: true, bot_token: REDACTED_VALUE } }]);
    expect(parse(after).telegram).toEqual({ enabled: true, bot_token: '123:ABC' });
    const error = refusal(() => edit([{ path: ['gateway'], value: { token: REDACTED_VALUE } }]));
    expect(error.code).toBe('invalid');
    expect(error.issues).toEqual([{ path: 'gateway.token', message: expect.stringContaining('type the real value') }]);
  });

  it('refuses a secret typed over a ${VAR} reference, naming the variable, and never quotes the value', () => {
    const error = refusal(() => edit([{ path: ['models', 'providers', 'openai', 'api_key'], value: 'sk-typed-secret-123' }]));
    expect(error.issues).toEqual([{ path: 'models.providers.openai.api_key', message: expect.stringContaining('${OPENAI_API_KEY}') }]);
    expect(JSON.stringify(error.issues) + error.message).not.toContain('sk-typed-secret-123');
    const nested = refusal(() => edit([{ path: ['models', 'providers', 'openai'], value: { base_url: 'https://x.example/v1', api_key: 'sk-typed' } }]));
    expect(nested.issues[0]?.path).toBe('models.providers.openai.api_key');
  });

  it('allows removing a ${VAR} reference, and re-sending the same reference', () => {
    expect(parse(edit([{ path: ['models', 'providers', 'openai', 'api_key'] }])).models.providers.openai.api_key).toBeUndefined();
    expect(edit([{ path: ['models', 'providers', 'openai', 'api_key'], value: '${OPENAI_API_KEY}' }])).toContain('${OPENAI_API_KEY}');
  });

  it('refuses a key under a value (gateway.port.x) instead of replacing the value, in YAML and JSON', () => {
    const error = refusal(() => edit([{ path: ['telegram', 'bot_token', 'x'], value: 1 }]));
    expect(error.code).toBe('invalid');
    expect(error.issues).toEqual([{ path: 'telegram.bot_token.x', message: 'telegram.bot_token holds a value, not a section; set telegram.bot_token itself instead' }]);
    const json = refusal(() => resolveEditedText('/state/openclaw.json', '{"gateway": {"port": 1}}', { changes: [{ path: ['gateway', 'port', 'x'], value: 2 }] }));
    expect(json.issues[0]?.path).toBe('gateway.port.x');
  });

  it('refuses to edit a file that is not valid YAML, without quoting it', () => {
    const error = refusal(() => edit([{ path: ['gateway', 'port'], value: 1 }], 'gateway: [secret-value\n'));
    expect(error.code).toBe('invalid');
    expect(error.message).not.toContain('secret-value');
  });

  it('edits a JSON file as JSON', () => {
    const after = resolveEditedText('/state/openclaw.json', '{"gateway": {"port": 1}, "x": true}', { changes: [{ path: ['gateway', 'port'], value: 2 }] });
    expect(JSON.parse(after)).toEqual({ gateway: { port: 2 }, x: true });
    expect(refusal(() => resolveEditedText('/state/openclaw.json', '{"token": "sec', { changes: [] })).message).not.toContain('sec');
  });
});

describe('resolveEditedText: keys that name the prototype', () => {
  it('writes __proto__ in a JSON file as a plain key and never touches Object.prototype', () => {
    const after = resolveEditedText('/state/openclaw.json', '{"gateway": {}}', { changes: [{ path: ['__proto__', 'polluted'], value: 'yes' }] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(JSON.parse(after) as object)).toEqual(['gateway', '__proto__']);
  });
});

describe('resolveEditedText: the raw tab', () => {
  it('takes the text as typed', () => {
    const text = '# mine\ngateway:\n  port: 18800\n';
    expect(resolveEditedText(YAML_PATH, HAND_WRITTEN, { raw: text })).toBe(text);
  });

  it('puts the file’s secret back where the redacted text still shows the placeholder, keeping the rest as typed', () => {
    const redacted = HAND_WRITTEN.replace('"123:ABC"', `"${REDACTED_VALUE}"`).replace('enabled: false', 'enabled: true # now on');
    const after = resolveEditedText(YAML_PATH, HAND_WRITTEN, { raw: redacted });
    expect(parse(after).telegram).toEqual({ enabled: true, bot_token: '123:ABC' });
    expectKept(after, [...KEPT_LINES, 'enabled: true # now on']);
  });

  it('restores URL credentials redacted in place, and refuses a placeholder with nothing to restore', () => {
    const file = 'models:\n  providers:\n    p:\n      base_url: https://user:pw@host.example/v1\n';
    const redacted = file.replace('user:pw', REDACTED_VALUE);
    expect(parse(resolveEditedText(YAML_PATH, file, { raw: redacted })).models.providers.p.base_url).toBe('https://user:pw@host.example/v1');
    const error = refusal(() => resolveEditedText(YAML_PATH, file, { raw: `${file}gateway:\n  token: ${REDACTED_VALUE}\n` }));
    expect(error.issues.map((issue) => issue.path)).toEqual(['gateway.token']);
  });

  it('restores placeholders in a JSON file', () => {
    const file = '{"gateway": {"token": "tok-secret"}}';
    const after = resolveEditedText('/state/openclaw.json', file, { raw: `{"gateway": {"token": "${REDACTED_VALUE}", "port": 5}}` });
    expect(JSON.parse(after)).toEqual({ gateway: { token: 'tok-secret', port: 5 } });
  });
});

describe('resolveConfigEdit', () => {
  it('turns dotted set/unset keys into changes, and raw into raw', () => {
    expect(resolveConfigEdit({ set: { 'models.default': 'a/b', 'telegram.dm_policy': 'pairing' }, unset: ['logging.file'] })).toEqual({
      changes: [
        { path: ['models', 'default'], value: 'a/b' },
        { path: ['telegram', 'dm_policy'], value: 'pairing' },
        { path: ['logging', 'file'] },
      ],
    });
    expect(resolveConfigEdit({ raw: 'x: 1\n' })).toEqual({ raw: 'x: 1\n' });
  });
});

describe('resolveIssueLocations and resolveEnvReferencePaths', () => {
  it('places each issue on the line and column of its key', () => {
    const text = 'gateway:\n  port: high\nmodels:\n  providers:\n    p:\n      models:\n        - name: x\n';
    expect(
      resolveIssueLocations(text, [
        { path: 'gateway.port', message: 'must be a number' },
        { path: 'models.providers.p.models[0].id', message: 'required' },
        { path: 'models.providers.p.base_url', message: 'required' },
        { path: '', message: 'whole file' },
      ]),
    ).toEqual([
      { path: 'gateway.port', message: 'must be a number', line: 2, column: 3 },
      { path: 'models.providers.p.models[0].id', message: 'required', line: 7, column: 11 },
      { path: 'models.providers.p.base_url', message: 'required', line: 5, column: 5 },
      { path: '', message: 'whole file' },
    ]);
  });

  it('lists the keys that hold ${VAR} references', () => {
    expect(resolveEnvReferencePaths(parse(HAND_WRITTEN))).toEqual(['models.providers.openai.api_key']);
    expect(resolveEnvReferencePaths({ a: [{ b: 'x ${Y} z' }] })).toEqual(['a[0].b']);
  });
});
