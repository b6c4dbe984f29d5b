import { describe, expect, it } from 'vitest';
import { clearStoredCredentials, CREDENTIALS_STORAGE_KEY, loadStoredCredentials, saveStoredCredentials } from '../../../src-renderer/lib/credentials-storage.js';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
    removeItem: (key: string) => void data.delete(key),
  };
}

describe('tab credentials', () => {
  it('round-trips a token and a password', () => {
    const storage = memoryStorage();
    saveStoredCredentials(storage, { token: 't' });
    expect(loadStoredCredentials(storage)).toEqual({ token: 't' });
    saveStoredCredentials(storage, { password: 'p' });
    expect(loadStoredCredentials(storage)).toEqual({ password: 'p' });
  });

  it('treats a corrupt or empty entry as signed out', () => {
    expect(loadStoredCredentials(memoryStorage({ [CREDENTIALS_STORAGE_KEY]: '{not json' }))).toBeUndefined();
    expect(loadStoredCredentials(memoryStorage({ [CREDENTIALS_STORAGE_KEY]: '{"token":""}' }))).toBeUndefined();
    expect(loadStoredCredentials(memoryStorage({ [CREDENTIALS_STORAGE_KEY]: 'null' }))).toBeUndefined();
    expect(loadStoredCredentials(memoryStorage())).toBeUndefined();
  });

  it('forgets the credentials on clear', () => {
    const storage = memoryStorage();
    saveStoredCredentials(storage, { token: 't' });
    clearStoredCredentials(storage);
    expect(storage.data.size).toBe(0);
  });
});
