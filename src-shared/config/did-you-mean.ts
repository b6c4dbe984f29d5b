import { toSnakeCase } from '../utils/common.js';

const MAX_SUGGESTION_DISTANCE = 2;

/** Edit distance counting an adjacent swap as one edit (optimal string alignment), so "prot" is one edit from "port". */
export function resolveEditDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number): number => d[i]![j]!;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      d[i]![j] = best;
    }
  }
  return at(a.length, b.length);
}

/**
 * Suggests the known key a mistyped one most likely meant: its snake_case spelling (botToken →
 * bot_token), else the closest within 2 edits (and at most a third of its length); undefined otherwise.
 */
export function resolveDidYouMean(key: string, candidates: readonly string[]): string | undefined {
  const snake = toSnakeCase(key);
  if (candidates.includes(snake)) return snake;
  const limit = Math.min(MAX_SUGGESTION_DISTANCE, Math.ceil(key.length / 3));
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = resolveEditDistance(snake, candidate.toLowerCase());
    if (distance <= limit && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}
