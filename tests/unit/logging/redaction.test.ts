import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addLogSecrets,
  logError,
  logInfo,
  resetLogger,
  setupLogger,
} from '../../../src-main/core/logging/index.js';
import { SCRUBBED_VALUE, createSecretKeeper, createSecretScrubber } from '../../../src-main/core/utils/secret-scrubber.js';
import { type MemorySink, createMemorySink, makeTempDir, removeTempDir } from './memory-sink.js';

const BOT_TOKEN = '123456:AAH-bot-token_xyz';
const PASSWORD = 'p@ss"word\\1';

let dir: string;
let file: string;
let sink: MemorySink;

function fileText(): string {
  return readFileSync(file, 'utf8');
}

beforeEach(() => {
  dir = makeTempDir();
  file = path.join(dir, 'openclaw.log');
  sink = createMemorySink();
});

afterEach(() => {
  resetLogger();
  removeTempDir(dir);
});

describe('createSecretScrubber (the logs and every error that leaves the process)', () => {
  it('replaces every occurrence of each secret', () => {
    expect(createSecretScrubber(['s3cret', 'other'])('s3cret and s3cret and other')).toBe(
      '[redacted] and [redacted] and [redacted]',
    );
  });

  it('matches secrets literally, not as patterns', () => {
    expect(createSecretScrubber(['a.b*'])('axbb a.b*')).toBe('axbb [redacted]');
  });

  it('hides a secret that contains another secret whole', () => {
    expect(createSecretScrubber(['abc', 'abcdef'])('abcdef')).toBe('[redacted]');
  });

  it('ignores empty and blank secrets', () => {
    expect(createSecretScrubber(['', '  '])('a b')).toBe('a b');
  });

  it('replaces any bearer token, keeping the scheme as written', () => {
    expect(createSecretScrubber([])('Authorization: Bearer eyJhbGciOi.x-y_z= and bearer abc')).toBe(
      'Authorization: Bearer [redacted] and bearer [redacted]',
    );
  });

  it('stops a bearer token at a quote', () => {
    expect(createSecretScrubber([])('header "Bearer abc" sent')).toBe('header "Bearer [redacted]" sent');
  });

  it('replaces sk- shaped keys, masked ones too, but not ordinary hyphenated words', () => {
    expect(createSecretScrubber([])('Incorrect API key provided: sk-proj-AbC123_xyz. Also sk-ant-api03-QQ and sk-abc***wxyz; task-runner, sk-learn')).toBe(
      'Incorrect API key provided: [redacted]. Also [redacted] and [redacted]; task-runner, sk-learn',
    );
  });

  it('replaces a secret of under 8 characters only as a whole word, not inside other words', () => {
    const scrub = createSecretScrubber(['true', 'org', 'u', 'u-2']);
    const line = 'Run r1 failed (unreachable): true, organisation org u u-2 untrue';
    expect(scrub(line)).toBe('Run r1 failed (unreachable): [redacted], organisation [redacted] [redacted] [redacted] untrue');
  });

  it('uses [redacted] as the replacement', () => {
    expect(SCRUBBED_VALUE).toBe('[redacted]');
  });
});

describe('createSecretKeeper', () => {
  it('keeps scrubbing a secret after others are added (a rotated key)', () => {
    const keeper = createSecretKeeper(['old-key-1']);
    keeper.add(['new-key-2', ' ']);
    expect(keeper.scrub('old-key-1 new-key-2 other')).toBe('[redacted] [redacted] other');
  });
});

describe('secret scrubbing in the logger', () => {
  it('scrubs a secret from the message in the file and on the console', () => {
    setupLogger({ console_style: 'pretty' }, { logFile: file, console: sink, secrets: [BOT_TOKEN] });
    logInfo(`calling https://api.telegram.org/bot${BOT_TOKEN}/getMe`);
    expect(fileText()).toContain('https://api.telegram.org/bot[redacted]/getMe');
    expect(sink.lines[0]).toContain('https://api.telegram.org/bot[redacted]/getMe');
    expect(fileText() + sink.lines.join('\n')).not.toContain(BOT_TOKEN);
  });

  it('scrubs secrets from field values, nested values and field names', () => {
    setupLogger({ console_style: 'pretty' }, { logFile: file, console: sink, secrets: [BOT_TOKEN] });
    logInfo('fields', { url: `bot${BOT_TOKEN}`, nested: { list: [BOT_TOKEN] }, [BOT_TOKEN]: 1 });
    const record = JSON.parse(fileText()) as { fields: unknown };
    expect(record.fields).toEqual({ url: 'bot[redacted]', nested: { list: ['[redacted]'] }, '[redacted]': 1 });
    expect(sink.lines[0]).not.toContain(BOT_TOKEN);
  });

  it('scrubs a secret with quotes and backslashes before they are escaped', () => {
    setupLogger({ console_style: 'json' }, { logFile: file, console: sink, secrets: [PASSWORD] });
    logInfo('login', { attempt: `password=${PASSWORD}` });
    const escaped = JSON.stringify(PASSWORD).slice(1, -1);
    for (const text of [fileText(), sink.lines.join('\n')]) {
      expect(text).toContain('password=[redacted]');
      expect(text).not.toContain(escaped);
    }
  });

  it('scrubs bearer tokens from the message and fields', () => {
    setupLogger({ console_style: 'compact' }, { logFile: file, console: sink });
    logInfo('Authorization: Bearer abc.def', { header: 'Bearer xyz' });
    expect(JSON.parse(fileText())).toMatchObject({
      message: 'Authorization: Bearer [redacted]',
      fields: { header: 'Bearer [redacted]' },
    });
    expect(sink.lines[0]).toMatch(/Authorization: Bearer \[redacted\] header="Bearer \[redacted\]"$/);
  });

  it('scrubs a secret from an Error field, including its stack', () => {
    setupLogger({ console_style: 'pretty' }, { logFile: file, console: sink, secrets: [BOT_TOKEN] });
    logError('telegram failed', { error: new Error(`401 for token ${BOT_TOKEN}`) });
    const record = JSON.parse(fileText()) as { fields: { error: { message: string; stack: string } } };
    expect(record.fields.error.message).toBe('401 for token [redacted]');
    expect(record.fields.error.stack).toContain('401 for token [redacted]');
    expect(sink.lines[0]).toContain('error="Error: 401 for token [redacted]"');
    expect(fileText()).not.toContain(BOT_TOKEN);
  });

  it('scrubs secrets added after setup', () => {
    setupLogger({}, { logFile: file, console: sink });
    addLogSecrets(['late-secret-value']);
    logInfo('value late-secret-value');
    expect((JSON.parse(fileText()) as { message: string }).message).toBe('value [redacted]');
  });

  it('keeps secrets added before setup', () => {
    addLogSecrets(['early-secret-value']);
    setupLogger({}, { logFile: file, console: sink });
    logInfo('value early-secret-value');
    expect((JSON.parse(fileText()) as { message: string }).message).toBe('value [redacted]');
  });

  it('keeps the secrets of an earlier setup when set up again', () => {
    setupLogger({}, { logFile: file, console: sink, secrets: ['first-secret'] });
    setupLogger({}, { logFile: file, console: sink, secrets: ['second-secret'] });
    logInfo('first-secret second-secret');
    expect((JSON.parse(fileText()) as { message: string }).message).toBe('[redacted] [redacted]');
  });
});
