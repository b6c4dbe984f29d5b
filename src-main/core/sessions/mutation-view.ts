import type { SessionStore } from '../../../src-shared/sessions/entry.js';
import { setOwnProperty } from '../../../src-shared/utils/common.js';

const ABSENT = Symbol('absent');
type Original = SessionStore[string] | typeof ABSENT;

export interface MutationView {
  /** What the mutator receives: reads and writes go to the working store, first touching a key copies its entry. */
  readonly store: SessionStore;
  /** Keys the mutator read or wrote, with the value each had before. */
  readonly originals: ReadonlyMap<string, Original>;
  /** Puts every touched key back as it was. */
  rollback(): void;
  /** Makes `store` unusable, so a mutator that keeps it past its own end cannot change a later write. */
  revoke(): void;
}

/**
 * Wraps the working store for one mutator so that just this mutator's changes can be undone: the
 * first read of an entry swaps in a deep copy (the original is kept for rollback), writes and deletes
 * record the previous value. Costs one small copy per entry touched, not per entry stored.
 */
export function createMutationView(working: SessionStore): MutationView {
  const originals = new Map<string, Original>();
  const remember = (key: string): void => {
    if (!originals.has(key)) originals.set(key, Object.hasOwn(working, key) ? (working[key] as SessionStore[string]) : ABSENT);
  };
  const { proxy, revoke } = Proxy.revocable(working, {
    get(target, key, receiver) {
      if (typeof key !== 'string' || !Object.hasOwn(target, key)) return Reflect.get(target, key, receiver);
      if (!originals.has(key)) {
        const original = target[key] as SessionStore[string];
        originals.set(key, original);
        if (original !== null && typeof original === 'object') setOwnProperty(target, key, structuredClone(original));
      }
      return target[key];
    },
    set(target, key, value) {
      if (typeof key !== 'string') return Reflect.set(target, key, value);
      remember(key);
      setOwnProperty(target, key, value);
      return true;
    },
    defineProperty(target, key, descriptor) {
      if (typeof key === 'string') remember(key);
      return Reflect.defineProperty(target, key, descriptor);
    },
    deleteProperty(target, key) {
      if (typeof key === 'string') remember(key);
      return Reflect.deleteProperty(target, key);
    },
  });
  return {
    store: proxy,
    originals,
    rollback() {
      for (const [key, original] of originals) {
        if (original === ABSENT) delete working[key];
        else setOwnProperty(working, key, original);
      }
    },
    revoke,
  };
}

/** True when the key had no value before the mutator touched it. */
export function wasAbsent(original: Original): original is typeof ABSENT {
  return original === ABSENT;
}

/** Structural equality for JSON data (what session entries are). */
export function isJsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  if (aKeys.length !== bKeys.length) return false;
  const bRecord = b as Record<string, unknown>;
  const aRecord = a as Record<string, unknown>;
  return aKeys.every((key) => Object.hasOwn(bRecord, key) && isJsonEqual(aRecord[key], bRecord[key]));
}
