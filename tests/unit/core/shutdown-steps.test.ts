import { describe, expect, it } from 'vitest';
import { createShutdownSteps } from '../../../src-main/core/shutdown-steps.js';

describe('createShutdownSteps', () => {
  it('runs the steps in the declared order, whatever order they were added in, skipping parts that never started', async () => {
    const steps = createShutdownSteps(['telegram', 'agent', 'sessions', 'server'] as const);
    const ran: string[] = [];
    steps.add('server', () => ran.push('server'));
    steps.add('sessions', () => ran.push('sessions'));
    steps.add('telegram', async () => {
      await Promise.resolve();
      ran.push('telegram');
    });
    await steps.run(() => undefined);
    expect(ran).toEqual(['telegram', 'sessions', 'server']);
  });

  it('reports a failing step and still runs the rest; a second run does nothing', async () => {
    const steps = createShutdownSteps(['a', 'b'] as const);
    const ran: string[] = [];
    const failures: string[] = [];
    steps.add('a', () => {
      throw new Error('a broke');
    });
    steps.add('b', () => ran.push('b'));
    await steps.run((name, error) => failures.push(`${name}: ${(error as Error).message}`));
    await steps.run((name) => failures.push(`again ${name}`));
    expect(failures).toEqual(['a: a broke']);
    expect(ran).toEqual(['b']);
  });
});
