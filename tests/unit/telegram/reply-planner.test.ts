import { describe, expect, it } from 'vitest';
import { createReplyPlanner, type ReplyOp } from '../../../src-main/core/telegram/reply-planner.js';

const base = { chunkMode: 'length' as const, textChunkLimit: 4000 };

describe('stream_mode partial', () => {
  it('sends a draft at the first text', () => {
    const planner = createReplyPlanner({ ...base, streamMode: 'partial' });
    expect(planner.update('Hel', 0)).toEqual([{ kind: 'send', slot: 0, html: 'Hel' }]);
  });

  it('holds updates that come within a second of the last edit and flushes them when due', () => {
    const planner = createReplyPlanner({ ...base, streamMode: 'partial' });
    planner.update('Hel', 0);
    expect(planner.update('Hello', 300)).toEqual([]);
    expect(planner.update('Hello wor', 600)).toEqual([]);
    expect(planner.nextFlushAt()).toBe(1000);
    expect(planner.flush(999)).toEqual([]);
    expect(planner.flush(1000)).toEqual([{ kind: 'edit', slot: 0, html: 'Hello wor' }]);
    expect(planner.nextFlushAt()).toBeUndefined();
  });

  it('edits at most once per interval however many deltas arrive', () => {
    const planner = createReplyPlanner({ ...base, streamMode: 'partial', minEditIntervalMs: 1000 });
    const ops: ReplyOp[] = [];
    let text = '';
    for (let t = 0; t < 5000; t += 50) {
      text += 'x';
      ops.push(...planner.update(text, t), ...planner.flush(t));
    }
    expect(ops.filter((op) => op.kind === 'edit').length).toBeLessThanOrEqual(5);
  });

  it('ends with a final edit in place rendered as HTML', () => {
    const planner = createReplyPlanner({ ...base, streamMode: 'partial' });
    planner.update('**Hi', 0);
    expect(planner.finish('**Hi** there')).toEqual([{ kind: 'edit', slot: 0, html: '<b>Hi</b> there' }]);
  });

  it('skips the final edit when the draft already shows the final text', () => {
    const planner = createReplyPlanner({ ...base, streamMode: 'partial' });
    planner.update('done', 0);
    expect(planner.finish('done')).toEqual([]);
  });

  it('sends the final answer when no draft was sent', () => {
    const planner = createReplyPlanner({ ...base, streamMode: 'partial' });
    expect(planner.finish('quick')).toEqual([{ kind: 'send', slot: 0, html: 'quick' }]);
  });

  it('continues in a new message when the answer outgrows the limit', () => {
    const planner = createReplyPlanner({ ...base, streamMode: 'partial', textChunkLimit: 100 });
    planner.update('a'.repeat(80), 0);
    const final = `${'a'.repeat(80)}\n\n${'b'.repeat(80)}`;
    expect(planner.finish(final)).toEqual([{ kind: 'send', slot: 1, html: 'b'.repeat(80) }]);
    expect(planner.slots()).toBe(2);
  });

  it('deletes draft messages the final answer no longer needs', () => {
    const planner = createReplyPlanner({ ...base, streamMode: 'partial', textChunkLimit: 100 });
    planner.update(`${'a'.repeat(80)}\n\n${'b'.repeat(80)}`, 0);
    expect(planner.finish('short')).toEqual([
      { kind: 'edit', slot: 0, html: 'short' },
      { kind: 'delete', slot: 1 },
    ]);
  });

  it('sends nothing for whitespace-only text', () => {
    const planner = createReplyPlanner({ ...base, streamMode: 'partial' });
    expect(planner.update('  \n', 0)).toEqual([]);
  });
});

describe('stream_mode partial with native drafts', () => {
  const drafting = { ...base, streamMode: 'partial' as const, drafts: true };

  it('drafts the text instead of sending a message, at the same pace', () => {
    const planner = createReplyPlanner(drafting);
    expect(planner.update('Hel', 0)).toEqual([{ kind: 'draft', html: 'Hel' }]);
    expect(planner.update('Hello', 300)).toEqual([]);
    expect(planner.flush(1000)).toEqual([{ kind: 'draft', html: 'Hello' }]);
    expect(planner.slots()).toBe(0);
  });

  it('sends the final answer as a message', () => {
    const planner = createReplyPlanner(drafting);
    planner.update('**Hi', 0);
    expect(planner.finish('**Hi** there')).toEqual([{ kind: 'send', slot: 0, html: '<b>Hi</b> there' }]);
  });

  it('sends the messages the answer has filled and drafts the one being written', () => {
    const planner = createReplyPlanner({ ...drafting, textChunkLimit: 100 });
    expect(planner.update(`${'a'.repeat(80)}\n\n${'b'.repeat(30)}`, 0)).toEqual([
      { kind: 'send', slot: 0, html: 'a'.repeat(80) },
      { kind: 'draft', html: 'b'.repeat(30) },
    ]);
    expect(planner.finish(`${'a'.repeat(80)}\n\n${'b'.repeat(60)}`)).toEqual([{ kind: 'send', slot: 1, html: 'b'.repeat(60) }]);
  });

  it('falls back to a message and edits when drafts are refused', () => {
    const planner = createReplyPlanner(drafting);
    planner.update('Hel', 0);
    expect(planner.disableDrafts()).toEqual([{ kind: 'send', slot: 0, html: 'Hel' }]);
    expect(planner.update('Hello', 1000)).toEqual([{ kind: 'edit', slot: 0, html: 'Hello' }]);
  });

  it('has nothing to resend when drafts are refused after the final answer was planned', () => {
    const planner = createReplyPlanner(drafting);
    planner.update('Hel', 0);
    planner.finish('Hello');
    expect(planner.disableDrafts()).toEqual([]);
  });
});

describe('stream_mode block', () => {
  it('sends each paragraph once the next one starts, and the rest at the end', () => {
    const planner = createReplyPlanner({ ...base, streamMode: 'block' });
    expect(planner.update('First para', 0)).toEqual([]);
    expect(planner.update('First para.\n\nSec', 10)).toEqual([{ kind: 'send', slot: 0, html: 'First para.' }]);
    expect(planner.update('First para.\n\nSecond.\n\n', 20)).toEqual([{ kind: 'send', slot: 1, html: 'Second.' }]);
    expect(planner.finish('First para.\n\nSecond.\n\n**Third.**')).toEqual([{ kind: 'send', slot: 2, html: '<b>Third.</b>' }]);
  });

  it('does not cut a code block at its blank lines', () => {
    const planner = createReplyPlanner({ ...base, streamMode: 'block' });
    expect(planner.update('```\na\n\nb', 0)).toEqual([]);
    expect(planner.update('```\na\n\nb\n```\n\nok', 10)).toEqual([{ kind: 'send', slot: 0, html: '<pre>a\n\nb</pre>' }]);
  });

  it('sends a list once the block after it starts, not at a blank line between its items', () => {
    const planner = createReplyPlanner({ ...base, streamMode: 'block' });
    expect(planner.update('- one\n\n', 0)).toEqual([]);
    expect(planner.update('- one\n\n- two\n\n', 10)).toEqual([]);
    expect(planner.update('- one\n\n- two\n\nAfter', 20)).toEqual([{ kind: 'send', slot: 0, html: '• one\n• two' }]);
  });

  it('never edits', () => {
    const planner = createReplyPlanner({ ...base, streamMode: 'block' });
    const ops = [...planner.update('a\n\nb\n\nc', 0), ...planner.finish('a\n\nb\n\nc')];
    expect(ops.map((op) => op.kind)).toEqual(['send', 'send', 'send']);
  });
});

describe('stream_mode off', () => {
  it('sends nothing while streaming and everything at the end', () => {
    const planner = createReplyPlanner({ ...base, streamMode: 'off' });
    expect(planner.update('partial', 0)).toEqual([]);
    expect(planner.nextFlushAt()).toBeUndefined();
    expect(planner.finish('all *done*')).toEqual([{ kind: 'send', slot: 0, html: 'all <i>done</i>' }]);
  });

  it('chunks a long answer into several messages', () => {
    const planner = createReplyPlanner({ ...base, streamMode: 'off', textChunkLimit: 100 });
    const ops = planner.finish(Array.from({ length: 5 }, () => 'z'.repeat(60)).join('\n\n'));
    expect(ops).toHaveLength(5);
    expect(ops.every((op) => op.kind === 'send')).toBe(true);
  });
});
