import { randomInt } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import {
  PAIRING_CODE_ALPHABET,
  PAIRING_CODE_LENGTH,
  normalizePairingCode,
  PairingError,
  TELEGRAM_ACCOUNT_ID_PATTERN,
  type ApprovedSender,
  type PairingRequest,
} from '../../../src-shared/telegram/pairing.js';
import { DEFAULT_TELEGRAM_ACCOUNT_ID } from './accounts.js';
import { readJsonFile, withJsonFileLock, writeJsonFileAtomic } from './json-file.js';

export const PAIRING_CODE_TTL_MS = 60 * 60 * 1000;
export const PAIRING_MAX_PENDING = 3;
/** A sender gets at most one new code per this long (10 min), so a few accounts cannot churn the list. */
export const PAIRING_REQUEST_COOLDOWN_MS = 10 * 60 * 1000;
/** Senders whose cooldown is remembered at once; beyond it the oldest are forgotten. */
const PAIRING_COOLDOWN_MAX_SENDERS = 10_000;
/** Evicted requests kept approvable at once; beyond it the oldest are forgotten. */
const PAIRING_EVICTED_MAX = 1_000;
const CREDENTIALS_DIR = 'credentials';

// The file layout of upstream OpenClaw (`credentials/<channel>-pairing.json`,
// `<channel>[-<account>]-allowFrom.json`), so other OpenClaw tools sharing the state dir agree
// on who is paired. Unknown fields are kept.
const StoredRequestSchema = z.looseObject({
  id: z.string(),
  code: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string().optional(),
  meta: z.looseObject({
    accountId: z.string().optional(),
    username: z.string().optional(),
    name: z.string().optional(),
  }).optional(),
});
type StoredRequest = z.infer<typeof StoredRequestSchema>;
const PairingFileSchema = z.looseObject({ version: z.literal(1), requests: z.array(StoredRequestSchema) });
// `approvals` and `revokedAt` are ours (other tools keep unknown fields): who was approved when, for
// the dashboard, and when a sender was revoked, so their next message gets a code at once.
const ApprovalSchema = z.looseObject({ approvedAt: z.string(), name: z.string().optional(), username: z.string().optional() });
const AllowFromFileSchema = z.looseObject({
  version: z.literal(1),
  allowFrom: z.array(z.union([z.string(), z.number()])),
  approvals: z.record(z.string(), ApprovalSchema).optional(),
  revokedAt: z.record(z.string(), z.string()).optional(),
});
type AllowFromFile = z.infer<typeof AllowFromFileSchema>;

/** A sender asking to pair. */
export interface PairingSender {
  accountId: string;
  userId: string;
  username?: string;
  name?: string;
}

export type PairingRequestResult =
  /** A new code; `evicted` holds the oldest request(s) it moved out of the pending file when 3 were already there. */
  | { kind: 'created'; request: PairingRequest; evicted: PairingRequest[] }
  | { kind: 'pending'; request: PairingRequest }
  /** The sender got a code less than PAIRING_REQUEST_COOLDOWN_MS ago (since denied or expired). */
  | { kind: 'cooldown'; retryAfterMs: number };

export interface PairingStore {
  readonly pairingFile: string;
  /** The sender's still-valid code (`pending`, evicted or not), else a new one unless they are in their cooldown. */
  request(sender: PairingSender): Promise<PairingRequestResult>;
  /** Unexpired requests, evicted ones included, oldest first. */
  list(): Promise<PairingRequest[]>;
  /** Approves the code: the sender joins the account's allow list. Throws PairingError. */
  approve(code: string): Promise<PairingRequest>;
  /** Drops the request; the sender may ask again later. Throws PairingError. */
  deny(code: string): Promise<PairingRequest>;
  isApproved(accountId: string, userId: string): Promise<boolean>;
  /** Ids approved for the account, in approval order. */
  approvedIds(accountId: string): Promise<string[]>;
  /** The senders approved for the account, with who they are and when (when this store approved them). */
  listApproved(accountId: string): Promise<ApprovedSender[]>;
  /** Takes a sender off the account's allow list; their next message gets a pairing code again. Throws PairingError `not_approved`. */
  revoke(accountId: string, userId: string): Promise<ApprovedSender>;
}

export interface PairingStoreOptions {
  /** The OpenClaw state dir; files live in `<stateDir>/credentials/`. */
  stateDir: string;
  /** Default Date.now. */
  now?: () => number;
}

/** Resolves the pending-requests file, `<stateDir>/credentials/telegram-pairing.json`. */
export function resolvePairingFilePath(stateDir: string): string {
  return path.join(stateDir, CREDENTIALS_DIR, 'telegram-pairing.json');
}

/**
 * Resolves an account's approved-senders file: `telegram-allowFrom.json` for "default", else
 * `telegram-<account>-allowFrom.json`. Throws for an id that could name a file elsewhere (only
 * letters, digits, `_` and `-`, at most 64).
 */
export function resolveAllowFromFilePath(stateDir: string, accountId: string): string {
  if (!TELEGRAM_ACCOUNT_ID_PATTERN.test(accountId)) {
    throw new Error(
      `Telegram bot id ${JSON.stringify(accountId.slice(0, 80))} cannot name a pairing file: use "default" or a key under telegram.accounts made of letters, digits, _ and - (at most 64 characters)`,
    );
  }
  const name = accountId === DEFAULT_TELEGRAM_ACCOUNT_ID ? 'telegram-allowFrom.json' : `telegram-${accountId}-allowFrom.json`;
  return path.join(stateDir, CREDENTIALS_DIR, name);
}

/** Generates a pairing code: 8 characters from an alphabet without 0, O, 1 and I, from a CSPRNG. */
export function createPairingCode(random: (max: number) => number = randomInt): string {
  let code = '';
  for (let i = 0; i < PAIRING_CODE_LENGTH; i++) code += PAIRING_CODE_ALPHABET[random(PAIRING_CODE_ALPHABET.length)];
  return code;
}

function toView(stored: StoredRequest): PairingRequest {
  const createdAt = Date.parse(stored.createdAt);
  return {
    code: stored.code,
    channel: 'telegram',
    account_id: stored.meta?.accountId ?? DEFAULT_TELEGRAM_ACCOUNT_ID,
    user_id: stored.id,
    ...(stored.meta?.username ? { username: stored.meta.username } : {}),
    ...(stored.meta?.name ? { name: stored.meta.name } : {}),
    created_at: createdAt,
    expires_at: createdAt + PAIRING_CODE_TTL_MS,
  };
}

async function readPairingFile(filePath: string): Promise<StoredRequest[]> {
  const raw = await readJsonFile(filePath);
  if (raw === undefined) return [];
  const parsed = PairingFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`${filePath} is not a pairing file ({"version":1,"requests":[...]}); fix or delete it`);
  }
  return parsed.data.requests;
}

async function readAllowFromFile(filePath: string): Promise<AllowFromFile> {
  const raw = await readJsonFile(filePath);
  if (raw === undefined) return { version: 1, allowFrom: [] };
  const parsed = AllowFromFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`${filePath} is not an allow list ({"version":1,"allowFrom":[...]}); fix or delete it`);
  }
  return parsed.data;
}

async function readAllowFrom(filePath: string): Promise<string[]> {
  return (await readAllowFromFile(filePath)).allowFrom.map(String);
}

function toApprovedSender(accountId: string, userId: string, file: AllowFromFile): ApprovedSender {
  const approval = file.approvals?.[userId];
  return {
    account_id: accountId,
    user_id: userId,
    ...(approval?.name ? { name: approval.name } : {}),
    ...(approval?.username ? { username: approval.username } : {}),
    ...(approval ? { approved_at: Date.parse(approval.approvedAt) } : {}),
  };
}

/**
 * Creates the DM pairing store over files in `<stateDir>/credentials/` (written atomically under a
 * cross-process lock, so `npm run gateway -- pairing approve` works while the gateway runs). Codes
 * are valid 1 hour; at most 3 requests wait at once across the channel's bots, and a new one
 * evicts the oldest from the file (by creation, so a stranger who keeps writing cannot keep theirs
 * fresh). An evicted request stays listed and approvable here until it expires, so strangers can
 * push the owner's request out of the file but never out of the dashboard. A sender gets at most
 * one new code per 10 minutes. The cooldown and the evicted requests live in this store's memory
 * (the upstream file layout has no place for them), so a restart forgets them.
 */
export function createPairingStore(options: PairingStoreOptions): PairingStore {
  const now = options.now ?? Date.now;
  const pairingFile = resolvePairingFilePath(options.stateDir);
  // sender → when their last code was created; Map order is oldest first, for pruning.
  const lastCodeAt = new Map<string, number>();
  const senderKey = (accountId: string, userId: string): string => `${accountId}\u0000${userId}`;
  const rememberCode = (key: string, at: number): void => {
    lastCodeAt.delete(key);
    lastCodeAt.set(key, at);
    for (const [oldKey, createdAt] of lastCodeAt) {
      if (lastCodeAt.size <= PAIRING_COOLDOWN_MAX_SENDERS && at - createdAt < PAIRING_REQUEST_COOLDOWN_MS) break;
      lastCodeAt.delete(oldKey);
    }
  };
  const isExpired = (stored: StoredRequest, at: number): boolean => !(Date.parse(stored.createdAt) + PAIRING_CODE_TTL_MS > at);
  // code → request moved out of the file; Map order is eviction order, for pruning.
  const evictedByCode = new Map<string, StoredRequest>();
  const liveEvicted = (at: number): StoredRequest[] => {
    for (const [code, stored] of evictedByCode) {
      if (isExpired(stored, at) || evictedByCode.size > PAIRING_EVICTED_MAX) evictedByCode.delete(code);
    }
    return [...evictedByCode.values()];
  };
  const accountOf = (stored: StoredRequest): string => stored.meta?.accountId ?? DEFAULT_TELEGRAM_ACCOUNT_ID;

  const settle = (rawCode: string, approve: boolean): Promise<PairingRequest> =>
    withJsonFileLock(pairingFile, async () => {
      const code = normalizePairingCode(rawCode);
      if (!code) {
        throw new PairingError('invalid_code', `"${rawCode.trim()}" is not a pairing code: codes are ${PAIRING_CODE_LENGTH} characters from ${PAIRING_CODE_ALPHABET}`);
      }
      const requests = await readPairingFile(pairingFile);
      const found = requests.find((stored) => stored.code.toUpperCase() === code) ?? evictedByCode.get(code);
      if (!found) throw new PairingError('unknown_code', `No pending pairing request with code ${code}; check the code the bot sent`);
      evictedByCode.delete(code);
      const rest = requests.filter((stored) => stored !== found);
      if (isExpired(found, now())) {
        await writeJsonFileAtomic(pairingFile, { version: 1, requests: rest });
        throw new PairingError('expired', `Pairing code ${code} expired; ask the sender to message the bot again for a new code`);
      }
      if (approve) {
        const allowPath = resolveAllowFromFilePath(options.stateDir, accountOf(found));
        const file = await readAllowFromFile(allowPath);
        const allowFrom = file.allowFrom.map(String);
        const approval = { approvedAt: new Date(now()).toISOString(), ...(found.meta?.name ? { name: found.meta.name } : {}), ...(found.meta?.username ? { username: found.meta.username } : {}) };
        await writeJsonFileAtomic(allowPath, {
          ...file,
          allowFrom: allowFrom.includes(found.id) ? file.allowFrom : [...file.allowFrom, found.id],
          approvals: { ...file.approvals, [found.id]: approval },
        });
      }
      await writeJsonFileAtomic(pairingFile, { version: 1, requests: rest });
      return toView(found);
    });

  const store: PairingStore = {
    pairingFile,
    request(sender) {
      return withJsonFileLock(pairingFile, async () => {
        const at = now();
        const all = await readPairingFile(pairingFile);
        const live = all.filter((stored) => !isExpired(stored, at));
        const isSender = (stored: StoredRequest): boolean => stored.id === sender.userId && accountOf(stored) === sender.accountId;
        const existing = live.find(isSender);
        const evictedOwn = liveEvicted(at).find(isSender);
        // Their code still works from the dashboard; saying so beats a cooldown answer, and pushes nobody out.
        if (!existing && evictedOwn) return { kind: 'pending', request: toView(evictedOwn) };
        if (existing) {
          existing.lastSeenAt = new Date(at).toISOString();
          await writeJsonFileAtomic(pairingFile, { version: 1, requests: live });
          return { kind: 'pending', request: toView(existing) };
        }
        const key = senderKey(sender.accountId, sender.userId);
        const previous = lastCodeAt.get(key);
        // Revoked since their last code (from here or the CLI): the owner wants them to pair again now.
        const revokedAt = Date.parse((await readAllowFromFile(resolveAllowFromFilePath(options.stateDir, sender.accountId))).revokedAt?.[sender.userId] ?? '');
        const revokedSince = previous !== undefined && revokedAt >= previous;
        if (previous !== undefined && !revokedSince && at - previous < PAIRING_REQUEST_COOLDOWN_MS && at >= previous) {
          if (live.length !== all.length) await writeJsonFileAtomic(pairingFile, { version: 1, requests: live });
          return { kind: 'cooldown', retryAfterMs: previous + PAIRING_REQUEST_COOLDOWN_MS - at };
        }
        // Oldest by creation first; the file's order is not trusted, another tool may have written it.
        const byAge = [...live].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
        const evicted = byAge.length >= PAIRING_MAX_PENDING ? byAge.slice(0, byAge.length - PAIRING_MAX_PENDING + 1) : [];
        const kept = live.filter((stored) => !evicted.includes(stored));
        const taken = new Set([...all.map((stored) => stored.code.toUpperCase()), ...evictedByCode.keys()]);
        let code = createPairingCode();
        // 32^8 codes: a clash is already unlikely, a hundred in a row impossible in practice.
        for (let attempt = 0; taken.has(code) && attempt < 100; attempt++) code = createPairingCode();
        const stamp = new Date(at).toISOString();
        const created: StoredRequest = {
          id: sender.userId,
          code,
          createdAt: stamp,
          lastSeenAt: stamp,
          meta: {
            accountId: sender.accountId,
            ...(sender.username ? { username: sender.username } : {}),
            ...(sender.name ? { name: sender.name } : {}),
          },
        };
        await writeJsonFileAtomic(pairingFile, { version: 1, requests: [...kept, created] });
        for (const stored of evicted) evictedByCode.set(stored.code.toUpperCase(), stored);
        rememberCode(key, at);
        return { kind: 'created', request: toView(created), evicted: evicted.map(toView) };
      });
    },
    async list() {
      const at = now();
      const inFile = (await readPairingFile(pairingFile)).filter((stored) => !isExpired(stored, at));
      return [...inFile, ...liveEvicted(at)].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt)).map(toView);
    },
    approve: (code) => settle(code, true),
    deny: (code) => settle(code, false),
    async isApproved(accountId, userId) {
      return (await readAllowFrom(resolveAllowFromFilePath(options.stateDir, accountId))).includes(userId);
    },
    approvedIds: (accountId) => readAllowFrom(resolveAllowFromFilePath(options.stateDir, accountId)),
    async listApproved(accountId) {
      const file = await readAllowFromFile(resolveAllowFromFilePath(options.stateDir, accountId));
      return file.allowFrom.map((id) => toApprovedSender(accountId, String(id), file));
    },
    async revoke(accountId, userId) {
      const allowPath = resolveAllowFromFilePath(options.stateDir, accountId);
      // The same lock as approve, which writes this file too.
      return withJsonFileLock(pairingFile, async () => {
        const file = await readAllowFromFile(allowPath);
        if (!file.allowFrom.map(String).includes(userId)) {
          throw new PairingError('not_approved', `Telegram user ${userId} is not on the paired list of bot "${accountId}"`);
        }
        const revoked = toApprovedSender(accountId, userId, file);
        const { [userId]: _dropped, ...approvals } = file.approvals ?? {};
        await writeJsonFileAtomic(allowPath, {
          ...file,
          allowFrom: file.allowFrom.filter((id) => String(id) !== userId),
          approvals,
          revokedAt: { ...file.revokedAt, [userId]: new Date(now()).toISOString() },
        });
        return revoked;
      });
    },
  };
  return store;
}
