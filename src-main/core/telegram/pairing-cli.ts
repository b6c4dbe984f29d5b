import type { PairingRequest } from '../../../src-shared/telegram/pairing.js';
import { describeError } from '../../../src-shared/utils/common.js';
import { resolveStateDir, type Env } from '../config/paths.js';
import { createPairingStore } from './pairing-store.js';

export const PAIRING_USAGE = `Usage: npm run gateway -- pairing <list | approve CODE | deny CODE | approved BOT | revoke BOT USER_ID>

Manages Telegram DM pairing requests (telegram.dm_policy: pairing) in the state dir.
  list                Show pending requests (code, sender, minutes left)
  approve CODE        Let the sender talk to the assistant
  deny CODE           Drop the request; the sender may ask again later
  approved BOT        Show who is paired with bot BOT ("default" for the top-level bot)
  revoke BOT USER_ID  Take a sender off BOT's paired list; their next message gets a new code
Works whether or not the gateway is running.`;

export interface PairingCliIo {
  env: Env;
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  now?: () => number;
}

function describeSender(request: PairingRequest): string {
  const who = [request.name, request.username ? `@${request.username}` : undefined].filter(Boolean).join(' ');
  return `${who ? `${who}, ` : ''}Telegram id ${request.user_id}, bot "${request.account_id}"`;
}

/**
 * Runs `pairing list|approve|deny|approved|revoke` against `<stateDir>/credentials/` (OPENCLAW_STATE_DIR-aware):
 * exit 0 on success, 2 for bad arguments (usage on stderr), 1 when the code is unknown, expired or
 * the files cannot be read, with one line saying what to do.
 */
export async function runPairingCli(args: readonly string[], io: PairingCliIo): Promise<number> {
  const [command, code, ...extra] = args;
  const store = createPairingStore({ stateDir: resolveStateDir(io.env), ...(io.now ? { now: io.now } : {}) });
  const now = io.now ?? Date.now;
  try {
    if (command === 'list' && code === undefined) {
      const requests = await store.list();
      if (requests.length === 0) {
        io.stdout('No pending pairing requests.');
        return 0;
      }
      for (const request of requests) {
        const minutes = Math.max(1, Math.ceil((request.expires_at - now()) / 60_000));
        io.stdout(`${request.code}  ${describeSender(request)}  (expires in ${minutes} min)`);
      }
      return 0;
    }
    if ((command === 'approve' || command === 'deny') && code !== undefined && extra.length === 0) {
      const request = command === 'approve' ? await store.approve(code) : await store.deny(code);
      io.stdout(
        command === 'approve'
          ? `Approved ${describeSender(request)}; they can message the bot now.`
          : `Denied ${describeSender(request)}.`,
      );
      return 0;
    }
    if (command === 'approved' && code !== undefined && extra.length === 0) {
      const users = await store.listApproved(code);
      if (users.length === 0) io.stdout(`Nobody is paired with bot "${code}".`);
      for (const user of users) {
        const when = user.approved_at === undefined ? '' : `  (approved ${new Date(user.approved_at).toISOString().slice(0, 16).replace('T', ' ')} UTC)`;
        io.stdout(`${user.user_id}  ${[user.name, user.username ? `@${user.username}` : undefined].filter(Boolean).join(' ') || '(no name recorded)'}${when}`);
      }
      return 0;
    }
    if (command === 'revoke' && code !== undefined && extra.length === 1) {
      const user = await store.revoke(code, extra[0] as string);
      io.stdout(`Revoked ${user.name ? `${user.name}, ` : ''}Telegram id ${user.user_id} from bot "${code}"; their next message gets a new pairing code.`);
      return 0;
    }
  } catch (error) {
    io.stderr(describeError(error));
    return 1;
  }
  io.stderr(PAIRING_USAGE);
  return 2;
}
