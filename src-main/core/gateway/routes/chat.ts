import type { Request, Response } from 'express';
import {
  CHAT_ERROR_HTTP_STATUS,
  ChatHistoryParamsSchema,
  ChatSendParamsSchema,
  type ChatAcceptedEvent,
  type ChatErrorEvent,
  type ChatHttpErrorBody,
} from '../../../../src-shared/protocol/chat.js';
import { formatZodIssues } from '../../../../src-shared/utils/zod-issues.js';
import { AgentRunError } from '../../agent/errors.js';
import type { AgentService } from '../../agent/service.js';
import { STORAGE_BUSY_RETRY_AFTER_SECONDS } from '../../utils/storage-error.js';
import { sendError, sendInvalidRequest, sendJson } from '../http-common.js';
import { withJsonBody, withSessionKey } from '../http-request.js';
import type { RouteContext, RouteSpec } from './types.js';

/** A comment line on an SSE answer this often, so idle proxies and clients keep a slow model's stream open. */
export const CHAT_SSE_KEEPALIVE_MS = 15_000;

function agentOf(ctx: RouteContext, res: Response): AgentService | undefined {
  if (ctx.state.agent) return ctx.state.agent;
  sendError(res, 503, 'service_unavailable', 'The assistant is not running in this gateway');
  return undefined;
}

function chatErrorBody(error: ChatErrorEvent): ChatHttpErrorBody {
  return { error: { message: error.message, type: 'chat_error', kind: error.kind, session_key: error.session_key, run_id: error.run_id, partial_text: error.partial_text } };
}

function sseFrame(event: string, params: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(params)}\n\n`;
}

function handleChat(ctx: RouteContext, req: Request, res: Response): void {
  const parsed = ChatSendParamsSchema.safeParse(req.body);
  if (!parsed.success) {
    sendInvalidRequest(res, `Invalid chat request: ${formatZodIssues(parsed.error.issues, { root: 'body' })}`);
    return;
  }
  const agent = agentOf(ctx, res);
  if (!agent) return;
  const { session_key: sessionKey, text } = parsed.data;
  let run: ReturnType<AgentService['send']>;
  try {
    run = agent.send(sessionKey, text);
  } catch (error) {
    if (!(error instanceof AgentRunError)) throw error;
    if (error.kind === 'busy') res.setHeader('Retry-After', '5');
    sendError(res, 503, 'service_unavailable', error.message);
    return;
  }
  const { runId, done } = run;
  let finished = false;
  // The caller hung up before the answer: nobody is left to read it, so stop paying for it.
  res.once('close', () => {
    if (!finished) agent.abort(sessionKey, runId);
  });

  const wantsStream = (req.headers.accept ?? '').includes('text/event-stream');
  if (!wantsStream) {
    void done.then((outcome) => {
      finished = true;
      if (res.destroyed) return;
      if (outcome.ok) sendJson(res, 200, outcome.final);
      else {
        if (outcome.error.kind === 'storage_busy') res.setHeader('Retry-After', String(STORAGE_BUSY_RETRY_AFTER_SECONDS));
        sendJson(res, CHAT_ERROR_HTTP_STATUS[outcome.error.kind], chatErrorBody(outcome.error));
      }
    });
    return;
  }

  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    Connection: 'keep-alive',
  });
  const accepted: ChatAcceptedEvent = { session_key: sessionKey, run_id: runId };
  res.write(sseFrame('chat.accepted', accepted));
  const keepalive = setInterval(() => res.write(': keep-alive\n\n'), CHAT_SSE_KEEPALIVE_MS);
  const off = agent.onEvent((event) => {
    if (event.params.run_id === runId && !res.destroyed) res.write(sseFrame(event.event, event.params));
  });
  void done.then(() => {
    finished = true;
    clearInterval(keepalive);
    off();
    res.end();
  });
}

/** `POST /api/chat` (JSON answer, or SSE with `Accept: text/event-stream`) and `GET /api/sessions/{key}/history`. */
export function createChatRoutes(ctx: RouteContext): RouteSpec[] {
  return [
    {
      path: '/api/chat',
      auth: true,
      handlers: {
        POST: withJsonBody('Send {"session_key","text"} as JSON with Content-Type: application/json', (req, res) => handleChat(ctx, req, res)),
      },
    },
    {
      path: '/api/sessions/*key/history',
      auth: true,
      handlers: {
        GET: withSessionKey(async (key, req, res, next) => {
          const query = req.query as Record<string, unknown>;
          const parsed = ChatHistoryParamsSchema.safeParse({ session_key: key, limit: query.limit, before: query.before });
          if (!parsed.success) {
            sendInvalidRequest(res, `Invalid history query: ${formatZodIssues(parsed.error.issues, { root: 'query' })}`);
            return;
          }
          const agent = agentOf(ctx, res);
          if (!agent) return;
          try {
            sendJson(res, 200, await agent.history(parsed.data));
          } catch (failure) {
            next(failure);
          }
        }),
      },
    },
  ];
}
