import type { z } from 'zod';
import { WS_METHODS, isWsMethodName, type WsMethodName } from '../../../src-shared/protocol/methods.js';
import type { WebSocketRequest } from '../../../src-shared/protocol/frames.js';
import { PairingError, type PairingErrorCode } from '../../../src-shared/telegram/pairing.js';
import { describeError } from '../../../src-shared/utils/common.js';
import { formatZodIssues } from '../../../src-shared/utils/zod-issues.js';
import { AgentRunError } from '../agent/errors.js';
import { resolveModelOverrideIssue } from '../agent/models.js';
import type { AgentService } from '../agent/service.js';
import type { TelegramService } from '../telegram/service.js';
import { findStorageError } from '../utils/storage-error.js';
import { scrubErrorText } from '../utils/secret-scrubber.js';
import { ConfigUpdateError, resolveConfigEdit, scrubConfigIssues } from '../config/config-edit.js';
import { redactConfigSnapshot } from './config-redaction.js';
import { runModelsTest, runTelegramVerify, SettingsLookupError } from './settings-methods.js';
import { startLogFollow } from './ws-log-follow.js';
import { SessionListQueryError } from './sessions-page.js';
import { sessionResponseJson } from './sessions-view.js';
import { resolveConfigResponse, resolveGatewayHealth } from './status.js';
import type { GatewayState } from './types.js';
import type { ConnectionState } from './ws-connection.js';
import { createErrorResponse, createRawResponse, createResponse } from './ws-protocol.js';


/** What method handlers read besides the state. */
export interface WsMethodContext {
  state: GatewayState;
  clientCount(): number;
  serverInfo(): { url: string; port: number };
}

/** A result that is already JSON text (the sessions list), sent without re-serialising. */
class RawJson {
  constructor(readonly json: string) {}
}

/** A request that cannot be answered with a result, mapped to an error response. */
class MethodError extends Error {
  constructor(
    readonly code: 'not_found' | 'invalid_params' | 'rate_limited' | 'unavailable' | 'conflict' | 'forbidden',
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

type Handler<M extends WsMethodName> = (
  params: z.infer<(typeof WS_METHODS)[M]['params']>,
  conn: ConnectionState,
  ctx: WsMethodContext,
) => unknown;

const HANDLERS: { [M in Exclude<WsMethodName, 'connect'>]: Handler<M> } = {
  ping: (_params, _conn, ctx) => ({ pong: true, ts: ctx.state.clock() }),
  get_status: (_params, conn, ctx) => ({ ...conn.client, total_connections: ctx.clientCount() }),
  'gateway.status': (_params, _conn, ctx) => ({ ...resolveGatewayHealth(ctx.state, ctx.clientCount()), ...ctx.serverInfo() }),
  'sessions.list': (params, _conn, ctx) => {
    try {
      return new RawJson(ctx.state.sessions.list(params).body.toString('utf8'));
    } catch (error) {
      if (error instanceof SessionListQueryError) throw new MethodError('invalid_params', error.message);
      throw error;
    }
  },
  'sessions.get': ({ key }, _conn, ctx) => {
    const found = ctx.state.sessions.get(key);
    if (!found) throw new MethodError('not_found', `No session with key "${key}"`);
    return new RawJson(sessionResponseJson(key, found));
  },
  'sessions.patch': async ({ key, patch }, _conn, ctx) => {
    const overrideIssue = patch.model_override ? resolveModelOverrideIssue(ctx.state.config().models, patch.model_override) : undefined;
    if (overrideIssue) throw new MethodError('invalid_params', overrideIssue);
    const updated = await ctx.state.sessions.patch(key, patch);
    if (!updated) throw new MethodError('not_found', `No session with key "${key}"`);
    return new RawJson(sessionResponseJson(key, updated));
  },
  'sessions.delete': async ({ key }, _conn, ctx) => {
    if (!(await ctx.state.sessions.delete(key))) throw new MethodError('not_found', `No session with key "${key}"`);
    return { key, deleted: true };
  },
  'config.get': (_params, _conn, ctx) => resolveConfigResponse(ctx.state),
  'gateway.shutdown': (_params, conn, ctx) => {
    // Only someone at this machine may end the gateway for everyone (the desktop app taking over);
    // a token or password proves access, not presence.
    if (conn.client.auth_source !== 'local-direct') {
      throw new MethodError('forbidden', 'gateway.shutdown is only accepted from this machine without credentials (local-direct)');
    }
    const { requestShutdown } = ctx.state;
    if (!requestShutdown) throw new MethodError('unavailable', 'This gateway cannot be shut down over WebSocket');
    // After this turn, so the answer is sent before the shutdown closes the connection.
    setImmediate(requestShutdown);
    return { stopping: true };
  },
  'config.snapshot': async (_params, _conn, ctx) => redactConfigSnapshot(await ctx.state.readConfigSnapshot()),
  'chat.send': ({ session_key, text }, _conn, ctx) => {
    try {
      return { run_id: requireAgent(ctx).send(session_key, text).runId };
    } catch (error) {
      if (error instanceof AgentRunError) throw new MethodError(error.kind === 'busy' ? 'rate_limited' : 'unavailable', error.message);
      throw error;
    }
  },
  'chat.abort': ({ session_key, run_id }, _conn, ctx) => requireAgent(ctx).abort(session_key, run_id),
  'chat.history': (params, _conn, ctx) => requireAgent(ctx).history(params),
  'models.list': (_params, _conn, ctx) => requireAgent(ctx).listModels(),
  'telegram.status': (_params, _conn, ctx) => requireTelegram(ctx).status(),
  'pairing.list': (_params, _conn, ctx) => requireTelegram(ctx).listPairing(),
  'pairing.approve': ({ code }, _conn, ctx) => settlePairing(requireTelegram(ctx).approvePairing(code)),
  'pairing.deny': ({ code }, _conn, ctx) => settlePairing(requireTelegram(ctx).denyPairing(code)),
  'pairing.approved': (_params, _conn, ctx) => requireTelegram(ctx).listApproved(),
  'pairing.revoke': ({ account_id, user_id }, _conn, ctx) => settlePairing(requireTelegram(ctx).revokePairing(account_id, user_id)),
  'config.update': async (params, _conn, ctx) => {
    const { updateConfig } = ctx.state;
    if (!updateConfig) throw new MethodError('unavailable', 'This gateway cannot change its config file');
    try {
      return await updateConfig({ baseHash: params.base_hash, ...resolveConfigEdit(params) });
    } catch (error) {
      if (!(error instanceof ConfigUpdateError) || error.code === 'write_failed') throw error;
      // The message is scrubbed where every MethodError is; the issues here.
      const issues = scrubConfigIssues(error.issues, (text) => scrubErrorText(text, ctx.state.scrub, ctx.state.config()));
      throw new MethodError(error.code === 'conflict' ? 'conflict' : 'invalid_params', error.message, { issues });
    }
  },
  'logs.tail': ({ cursor, limit, follow }, conn, ctx) => {
    const { logs } = ctx.state;
    if (!logs) throw new MethodError('unavailable', 'This gateway logs through its embedder’s logger; its lines are not kept for the dashboard');
    const page = logs.tail.read({ cursor, limit });
    if (follow === true) conn.stopLogFollow ??= startLogFollow(conn, logs.tail, ctx.state.clock);
    if (follow === false) {
      conn.stopLogFollow?.();
      conn.stopLogFollow = undefined;
    }
    return { ...page, file: logs.file() ?? null };
  },
  'models.test': (params, _conn, ctx) => lookup(runModelsTest(ctx.state, params)),
  'telegram.verify': (params, _conn, ctx) => lookup(runTelegramVerify(ctx.state, params)),
};

/** Maps a settings request for something not configured to not_found. */
async function lookup<T>(result: Promise<T>): Promise<T> {
  try {
    return await result;
  } catch (error) {
    if (error instanceof SettingsLookupError) throw new MethodError('not_found', error.message);
    throw error;
  }
}

function requireTelegram(ctx: WsMethodContext): TelegramService {
  const telegram = ctx.state.telegram?.();
  if (!telegram) throw new MethodError('unavailable', 'The Telegram channel is not running in this gateway');
  return telegram;
}

/** Pairing refusals the caller's params caused: not a code, no such bot, a sender only the config allows. */
const PAIRING_INVALID_PARAMS: ReadonlySet<PairingErrorCode> = new Set(['invalid_code', 'unknown_bot', 'allowed_by_config']);

/** Maps a refusal to invalid_params (PAIRING_INVALID_PARAMS) or not_found (unknown or expired code, a sender not paired), keeping its message. */
async function settlePairing<T>(decision: Promise<T>): Promise<T> {
  try {
    return await decision;
  } catch (error) {
    if (error instanceof PairingError) throw new MethodError(PAIRING_INVALID_PARAMS.has(error.code) ? 'invalid_params' : 'not_found', error.message);
    throw error;
  }
}

function requireAgent(ctx: WsMethodContext): AgentService {
  if (!ctx.state.agent) throw new MethodError('unavailable', 'The assistant is not running in this gateway');
  return ctx.state.agent;
}

/** Runs one request of a connected client and returns the response frame's JSON; never rejects. */
export async function dispatchWsMethod(request: WebSocketRequest, conn: ConnectionState, ctx: WsMethodContext): Promise<string> {
  const { id, method } = request;
  if (!isWsMethodName(method) || method === 'connect') {
    return createErrorResponse(id, 'method_not_found', `Unknown method "${method}"`, { methods: Object.keys(HANDLERS) });
  }
  const parsed = WS_METHODS[method].params.safeParse(request.params);
  if (!parsed.success) {
    return createErrorResponse(id, 'invalid_params', `Invalid params for ${method}: ${formatZodIssues(parsed.error.issues, { root: 'params' })}`);
  }
  try {
    const handler = HANDLERS[method] as Handler<typeof method>;
    const result = await handler(parsed.data as never, conn, ctx);
    return result instanceof RawJson ? createRawResponse(id, result.json) : createResponse(id, result);
  } catch (error) {
    if (error instanceof MethodError) return createErrorResponse(id, error.code, scrubErrorText(error.message, ctx.state.scrub, ctx.state.config()), error.details);
    const storage = findStorageError(error);
    if (storage) {
      ctx.state.logger.error(storage.message, { method, conn_id: conn.client.conn_id, kind: storage.kind });
      // storage_busy says "retry", and when; the other kinds need someone to free space or fix the path first.
      return createErrorResponse(id, storage.kind, storage.message, {
        path: storage.path,
        ...(storage.retryAfterSeconds === undefined ? {} : { retry_after_seconds: storage.retryAfterSeconds }),
      });
    }
    ctx.state.logger.error('WebSocket method failed', {
      method,
      conn_id: conn.client.conn_id,
      error: describeError(error),
    });
    // The error may come from anywhere (a provider, a file): scrubbed like every error that leaves.
    return createErrorResponse(id, 'internal_error', `${method} failed: ${scrubErrorText(describeError(error), ctx.state.scrub, ctx.state.config())}`);
  }
}
