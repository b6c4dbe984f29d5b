import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatZodIssueLines, formatZodIssues } from '../../../src-shared/utils/index.js';

const Schema = z.object({ name: z.string(), tags: z.array(z.string()) }).strict();

function issuesOf(value: unknown): z.core.$ZodIssue[] {
  const result = Schema.safeParse(value);
  if (result.success) throw new Error('expected the value to be invalid');
  return result.error.issues;
}

describe('formatZodIssueLines', () => {
  it('words each issue as its dotted path and message', () => {
    expect(formatZodIssueLines(issuesOf({ name: 1, tags: ['a', 2] }))).toEqual([
      'name: Invalid input: expected string, received number',
      'tags.1: Invalid input: expected string, received number',
    ]);
  });

  it('puts the prefix before every path, and stands alone for an empty path', () => {
    expect(formatZodIssueLines(issuesOf(7), { prefix: ['logging'] })).toEqual(['logging: Invalid input: expected object, received number']);
    expect(formatZodIssueLines(issuesOf({ name: 1, tags: [] }), { prefix: ['"agent:main"'] })).toEqual([
      '"agent:main".name: Invalid input: expected string, received number',
    ]);
  });

  it('names an issue without a path by the root, (root) by default', () => {
    expect(formatZodIssueLines(issuesOf(7))).toEqual(['(root): Invalid input: expected object, received number']);
    expect(formatZodIssueLines(issuesOf(7), { root: 'body' })).toEqual(['body: Invalid input: expected object, received number']);
  });
});

describe('formatZodIssues', () => {
  const issues = [
    { path: ['a'], message: 'first' },
    { path: ['b'], message: 'second' },
    { path: [], message: 'third' },
  ];

  it('joins the lines with "; " by default', () => {
    expect(formatZodIssues(issues, { root: 'params' })).toBe('a: first; b: second; params: third');
  });

  it('joins with the given separator', () => {
    expect(formatZodIssues(issues.slice(0, 2), { separator: '\n  ' })).toBe('a: first\n  b: second');
  });

  it('words at most `limit` issues', () => {
    expect(formatZodIssues(issues, { limit: 2 })).toBe('a: first; b: second');
  });
});
