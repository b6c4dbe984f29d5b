import { describe, expect, it } from 'vitest';
import {
  THREAD_SESSION_MARKERS,
  isAcpSessionKey,
  isCronRunSessionKey,
  isSubagentSessionKey,
  parseAgentSessionKey,
  resolveThreadParentSessionKey,
} from '../../../src-shared/sessions/keys.js';

describe('parseAgentSessionKey', () => {
  it('splits agent id and rest', () => {
    expect(parseAgentSessionKey('agent:main:telegram:direct:42')).toEqual({ agentId: 'main', rest: 'telegram:direct:42' });
  });

  it('trims the key', () => {
    expect(parseAgentSessionKey('  agent:main:main \n')).toEqual({ agentId: 'main', rest: 'main' });
  });

  it('accepts the agent prefix in any case and lowercases the id, keeping the rest as written', () => {
    expect(parseAgentSessionKey('AGENT:Ops:telegram:group:AbC')).toEqual({ agentId: 'ops', rest: 'telegram:group:AbC' });
  });

  it('ignores empty segments, as upstream does', () => {
    expect(parseAgentSessionKey('agent::main::x')).toEqual({ agentId: 'main', rest: 'x' });
  });

  it.each([
    ['a key without the agent prefix', 'telegram:direct:42'],
    ['a key with only an agent id', 'agent:main'],
    ['a key with an empty rest', 'agent:main:'],
    ['a key with a blank agent id', 'agent: :main'],
    ['an empty key', ''],
    ['a prefix that only starts with agent', 'agents:main:x'],
  ])('returns undefined for %s', (_name, key) => {
    expect(parseAgentSessionKey(key)).toBeUndefined();
  });

  it('returns undefined for null and undefined', () => {
    expect([parseAgentSessionKey(null), parseAgentSessionKey(undefined)]).toEqual([undefined, undefined]);
  });
});

describe('isCronRunSessionKey', () => {
  it('accepts agent:<id>:cron:<job>:run:<run>', () => {
    expect(isCronRunSessionKey('agent:main:cron:daily-digest:run:7f3a')).toBe(true);
  });

  it('matches the cron and run tokens case-insensitively', () => {
    expect(isCronRunSessionKey('agent:main:CRON:digest:Run:1')).toBe(true);
  });

  it.each([
    ['a cron job key without a run', 'agent:main:cron:digest'],
    ['extra parts after the run id', 'agent:main:cron:digest:run:1:extra'],
    ['a bare cron key without the agent prefix', 'cron:digest:run:1'],
    ['an ordinary session', 'agent:main:telegram:direct:42'],
    ['an empty key', ''],
  ])('rejects %s', (_name, key) => {
    expect(isCronRunSessionKey(key)).toBe(false);
  });
});

describe('isSubagentSessionKey', () => {
  it('accepts agent:<id>:subagent:<uuid>', () => {
    expect(isSubagentSessionKey('agent:coder:subagent:a1b2')).toBe(true);
  });

  it('accepts a bare subagent: key', () => {
    expect(isSubagentSessionKey('subagent:a1b2')).toBe(true);
  });

  it('matches case-insensitively', () => {
    expect(isSubagentSessionKey(' Agent:main:SubAgent:x ')).toBe(true);
  });

  it.each([
    ['an ordinary session', 'agent:main:telegram:direct:42'],
    ['subagent appearing later in the key', 'agent:main:telegram:subagent:1'],
    ['an empty key', ''],
    ['null', null],
  ])('rejects %s', (_name, key) => {
    expect(isSubagentSessionKey(key)).toBe(false);
  });
});

describe('isAcpSessionKey', () => {
  it('accepts agent:<id>:acp:<...>', () => {
    expect(isAcpSessionKey('agent:main:acp:session-1')).toBe(true);
  });

  it('accepts a bare acp: key in any case', () => {
    expect(isAcpSessionKey('ACP:session-1')).toBe(true);
  });

  it.each([
    ['an ordinary session', 'agent:main:main'],
    ['acp appearing later in the key', 'agent:main:telegram:acp:1'],
    ['a word that only starts with acp', 'acpx:1'],
    ['undefined', undefined],
  ])('rejects %s', (_name, key) => {
    expect(isAcpSessionKey(key)).toBe(false);
  });
});

describe('resolveThreadParentSessionKey', () => {
  it('lists the thread and topic markers', () => {
    expect(THREAD_SESSION_MARKERS).toEqual([':thread:', ':topic:']);
  });

  it('cuts a thread key at the thread marker', () => {
    expect(resolveThreadParentSessionKey('agent:main:slack:channel:c1:thread:1700.1')).toBe('agent:main:slack:channel:c1');
  });

  it('cuts a forum topic key at the topic marker', () => {
    expect(resolveThreadParentSessionKey('agent:main:telegram:group:-100:topic:42')).toBe('agent:main:telegram:group:-100');
  });

  it('cuts at the last marker when there are several', () => {
    expect(resolveThreadParentSessionKey('agent:main:x:thread:1:topic:2')).toBe('agent:main:x:thread:1');
  });

  it('finds the marker case-insensitively and keeps the parent as written', () => {
    expect(resolveThreadParentSessionKey('agent:main:Telegram:Group:G1:TOPIC:9')).toBe('agent:main:Telegram:Group:G1');
  });

  it.each([
    ['a key without a marker', 'agent:main:telegram:direct:42'],
    ['a key that starts with the marker', ':thread:1'],
    ['an empty key', ''],
    ['null', null],
  ])('returns undefined for %s', (_name, key) => {
    expect(resolveThreadParentSessionKey(key)).toBeUndefined();
  });
});
