import type { Request, RequestHandler, Response } from 'express';
import { OPENAI_DEFAULT_MODEL_ALIAS, OPENAI_ERROR_HTTP_STATUS, OPENAI_SESSION_KEY_HEADER } from '../../../../src-shared/protocol/openai.js';
import type { AgentCompletionError, AgentCompletionOutcome } from '../../agent/completion.js';
import { AgentRunError } from '../../agent/errors.js';
import { resolveModel } from '../../agent/models.js';
import type { AgentService } from '../../agent/service.js';
import { STORAGE_BUSY_RETRY_AFTER_SECONDS } from '../../utils/storage-error.js';
import { sendError, sendJson, sendNotFound } from '../http-common.js';
import { withJsonBody } from '../http-request.js';
import { createOpenAiErrorBody, type OpenAiProblem } from '../openai/errors.js';
import { resolveOpenAiCompletionRequest, type OpenAiCompletionPlan } from '../openai/request.js';
import {
  createOpenAiCompletion,
  createOpenAiModelList,
  resolveOpenAiFinishReason,
  resolveOpenAiUsage,
  type OpenAiCompletionIdentity,
} from '../openai/response.js';
import { startOpenAiStream, type OpenAiStream } from '../openai/stream.js';
import { CHAT_SSE_KEEPALIVE_MS } from './chat.js';
import type { RouteContext, RouteSpec } from './types.js';

/** Seconds a client should wait when its session already has 16 messages waiting. */
const BUSY_RETRY_AFTER_SECONDS = 5;

function sendProblem(res: Response, problem: OpenAiProblem): void {
  sendJson(res, problem.status, createOpenAiErrorBody(problem));
}

/** The agent, or an answer saying why there is none (the endpoint turned off, no assistant in this gateway). */
function agentOf(ctx: RouteContext, res: Response): AgentService | undefined {
  if (!ctx.state.config().gateway.http.openai.enabled) {
    sendNotFound(res, 'The OpenAI-compatible endpoint is turned off; set gateway.http.openai.enabled: true in the config to use it');
    return undefined;
  }
  if (ctx.state.agent) return ctx.state.agent;
  sendError(res, 503, 'service_unavailable', 'The assistant is not running in this gateway');
  return undefined;
}

function runProblem(error: AgentCompletionError): OpenAiProblem {
  return { status: OPENAI_ERROR_HTTP_STATUS[error.kind], message: error.message, code: error.kind };
}

/** The model a session-keyed answer will come from (its override, else models.default), for the chunks sent before it ends. */
function sessionModelRef(ctx: RouteContext, key: string): string {
  try {
    return resolveModel(ctx.state.config().models, ctx.state.sessions.get(key)).ref;
  } catch {
    // No usable model: the run fails with the reason before any chunk is sent, so this name is never shown.
    return OPENAI_DEFAULT_MODEL_ALIAS;
  }
}

interface StartedRun {
  runId: string;
  done: Promise<AgentCompletionOutcome>;
  /** "provider/model" as known at the start. */
  model: string;
}

/**
 * Starts the run a plan asks for: stateless through agent.complete, or session-keyed through
 * agent.send, exactly as POST /api/chat does (transcript, history, session entry). Aborting `hangUp`
 * stops either. Throws AgentRunError busy or shutdown.
 */
function startRun(
  ctx: RouteContext,
  agent: AgentService,
  plan: OpenAiCompletionPlan,
  hangUp: AbortSignal,
  onDelta: (text: string) => void,
): StartedRun {
  const { target } = plan;
  if (target.kind === 'stateless') {
    const { messages, system } = target;
    const { runId, done } = agent.complete({ messages, system, model: plan.model, maxTokens: plan.maxTokens }, { signal: hangUp, onDelta });
    return { runId, done, model: plan.model ?? agent.listModels().default ?? OPENAI_DEFAULT_MODEL_ALIAS };
  }
  const { key, text } = target;
  const { runId, done } = agent.send(key, text, { model: plan.model, maxTokens: plan.maxTokens });
  const off = agent.onEvent((event) => {
    if (event.event === 'chat.delta' && event.params.run_id === runId) onDelta(event.params.text);
  });
  const onHangUp = (): void => {
    agent.abort(key, runId);
  };
  hangUp.addEventListener('abort', onHangUp, { once: true });
  return {
    runId,
    model: plan.model ?? sessionModelRef(ctx, key),
    done: done.then((outcome): AgentCompletionOutcome => {
      off();
      hangUp.removeEventListener('abort', onHangUp);
      if (!outcome.ok) {
        const { session_key: _key, ...error } = outcome.error;
        return { ok: false, error };
      }
      const { session_key: _key, session_id: _id, ...result } = outcome.final;
      return { ok: true, result, finishReason: outcome.finishReason };
    }),
  };
}

function handleCompletion(ctx: RouteContext, req: Request, res: Response): void {
  const agent = agentOf(ctx, res);
  if (!agent) return;
  const resolved = resolveOpenAiCompletionRequest(
    req.body,
    // Node joins repeated custom headers into one string, so there is never a list to choose from.
    req.get(OPENAI_SESSION_KEY_HEADER),
    agent.listModels().models.map((model) => model.ref),
  );
  if (!resolved.ok) return sendProblem(res, resolved.problem);
  const { plan } = resolved;

  const hangUp = new AbortController();
  let stream: OpenAiStream | undefined;
  let run: StartedRun;
  try {
    run = startRun(ctx, agent, plan, hangUp.signal, (text) => stream?.delta(text));
  } catch (error) {
    if (!(error instanceof AgentRunError)) throw error;
    if (error.kind === 'busy') res.setHeader('Retry-After', String(BUSY_RETRY_AFTER_SECONDS));
    return sendProblem(res, { status: OPENAI_ERROR_HTTP_STATUS[error.kind], message: error.message, code: error.kind });
  }
  let finished = false;
  // The caller hung up before the answer: nobody is left to read it, so stop paying for it.
  res.once('close', () => {
    if (finished) return;
    stream?.close();
    hangUp.abort();
  });
  const identity: OpenAiCompletionIdentity = { id: `chatcmpl-${run.runId}`, created: Math.floor(ctx.state.clock() / 1000), model: run.model };
  if (plan.stream) stream = startOpenAiStream(res, identity, { includeUsage: plan.includeUsage, keepaliveMs: CHAT_SSE_KEEPALIVE_MS });

  void run.done.then((outcome) => {
    finished = true;
    if (res.destroyed) return;
    if (outcome.ok) {
      const { result } = outcome;
      const finishReason = resolveOpenAiFinishReason(outcome.finishReason);
      const usage = resolveOpenAiUsage(result.usage);
      if (stream) return stream.end(finishReason, usage);
      return sendJson(res, 200, createOpenAiCompletion({ ...identity, model: `${result.provider}/${result.model}` }, result.text, finishReason, usage));
    }
    const problem = runProblem(outcome.error);
    if (stream?.started) return stream.fail(createOpenAiErrorBody(problem));
    stream?.close();
    if (outcome.error.kind === 'storage_busy') res.setHeader('Retry-After', String(STORAGE_BUSY_RETRY_AFTER_SECONDS));
    // OpenAI's SDKs retry 409, 429 and 5xx unless told not to. Once a run has started, the gateway has
    // already retried the provider (agent.max_retries), and a session-keyed retry would record the
    // user message a second time; only a 429 busy, answered before any run, is worth sending again.
    res.setHeader('X-Should-Retry', 'false');
    sendProblem(res, problem);
  });
}

/** `GET /v1/models/{id}`: the model, or 404 model_not_found. */
function handleModel(ctx: RouteContext): RequestHandler {
  return (req, res) => {
    const agent = agentOf(ctx, res);
    if (!agent) return;
    const raw = (req.params as Record<string, string | string[] | undefined>).id;
    const id = Array.isArray(raw) ? raw.join('/') : (raw ?? '');
    const found = createOpenAiModelList(agent.listModels(), Math.floor(ctx.state.startedAt / 1000)).data.find((model) => model.id === id);
    if (found) return sendJson(res, 200, found);
    sendProblem(res, { status: 404, code: 'model_not_found', param: 'model', message: `The model "${id}" is not configured on this gateway; GET /v1/models lists the configured ones` });
  };
}

/** The OpenAI-compatible endpoint: `GET /v1/models`, `GET /v1/models/{id}` and `POST /v1/chat/completions`, behind the gateway's auth. */
export function createOpenAiRoutes(ctx: RouteContext): RouteSpec[] {
  return [
    {
      path: '/v1/models',
      auth: true,
      handlers: {
        GET: (_req, res) => {
          const agent = agentOf(ctx, res);
          if (agent) sendJson(res, 200, createOpenAiModelList(agent.listModels(), Math.floor(ctx.state.startedAt / 1000)));
        },
      },
    },
    { path: '/v1/models/*id', auth: true, handlers: { GET: handleModel(ctx) } },
    {
      path: '/v1/chat/completions',
      auth: true,
      handlers: {
        POST: withJsonBody('Send the chat completion request as JSON with Content-Type: application/json', (req, res) => handleCompletion(ctx, req, res)),
      },
    },
  ];
}
