import type { ClientCredentials } from '../../src-shared/client/http-api.js';

// sessionStorage only: the credentials live as long as the tab and never reach the URL or disk.
export const CREDENTIALS_STORAGE_KEY = 'openclaw.dashboard.credentials';

type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** Reads the tab's saved credentials; anything unreadable counts as none. */
export function loadStoredCredentials(storage: StorageLike): ClientCredentials | undefined {
  const text = storage.getItem(CREDENTIALS_STORAGE_KEY);
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== 'object' || value === null) return undefined;
    const { token, password } = value as Record<string, unknown>;
    if (typeof token === 'string' && token) return { token };
    if (typeof password === 'string' && password) return { password };
  } catch {
    // A hand-edited or truncated entry: treat as signed out and let the user sign in again.
  }
  return undefined;
}

/** Saves credentials for this tab only. */
export function saveStoredCredentials(storage: StorageLike, credentials: ClientCredentials): void {
  storage.setItem(CREDENTIALS_STORAGE_KEY, JSON.stringify(credentials));
}

/** Forgets the tab's credentials. */
export function clearStoredCredentials(storage: StorageLike): void {
  storage.removeItem(CREDENTIALS_STORAGE_KEY);
}
