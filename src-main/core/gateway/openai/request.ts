import { ChatSendParamsSchema } from '../../../../src-shared/protocol/chat.js';
import {
  OPENAI_DEFAULT_MODEL_ALIAS,
  OpenAiChatCompletionRequestSchema,
  type OpenAiChatMessage,
} from '../../../../src-shared/protocol/openai.js';
import type { ChatMessage } from '../../agent/provider-types.js';
import type { OpenAiProblem } from './errors.js';

/** What a valid `POST /v1/chat/completions` asks the gateway to do. */
export interface OpenAiCompletionPlan {
  stream: boolean;
  includeUsage: boolean;
  /** "provider/model" asked for; undefined: models.default (in a session: the session's own model). */
  model?: string;
  maxTokens?: number;
  target: OpenAiCompletionTarget;
}

/**
 * Stateless: the conversation as sent, with the client's system and developer text apart. Session:
 * the session the gateway keeps, and the new user message it appends there.
 */
export type OpenAiCompletionTarget =
  | { kind: 'stateless'; messages: ChatMessage[]; system: string }
  | { kind: 'session'; key: string; text: string };

export type OpenAiCompletionResolution = { ok: true; plan: OpenAiCompletionPlan } | { ok: false; problem: OpenAiProblem };

const MAX_ISSUES_WORDED = 5;

/** A zod path as OpenAI clients name parameters: `messages[1].content`. */
function paramOf(path: readonly PropertyKey[]): string | null {
  let param = '';
  for (const segment of path) param += typeof segment === 'number' ? `[${segment}]` : `${param ? '.' : ''}${String(segment)}`;
  return param || null;
}

function invalid(message: string, param: string | null, code = 'invalid_request_error'): { ok: false; problem: OpenAiProblem } {
  return { ok: false, problem: { status: 400, message, param, code } };
}

function textOf(content: OpenAiChatMessage['content']): string {
  if (typeof content === 'string') return content;
  return (content ?? []).map((part) => part.text).join('\n');
}

/**
 * Resolves a chat completion request (the parsed JSON body, the X-OpenClaw-Session-Key header and the
 * refs `GET /v1/models` lists) into a plan, or a 400 naming the parameter at fault (unknown fields as
 * the real API words them) or a 404 for a model that is not configured.
 */
export function resolveOpenAiCompletionRequest(
  body: unknown,
  sessionHeader: string | undefined,
  knownModels: readonly string[],
): OpenAiCompletionResolution {
  const parsed = OpenAiChatCompletionRequestSchema.safeParse(body);
  if (!parsed.success) {
    const [first] = parsed.error.issues;
    if (first?.code === 'unrecognized_keys' && first.path.length === 0) {
      return invalid(`Unrecognized request argument supplied: ${first.keys.join(', ')}`, first.keys[0] ?? null);
    }
    if (first && first.path.length === 0) return invalid('The request body must be a JSON object', null);
    const words = parsed.error.issues.slice(0, MAX_ISSUES_WORDED).map((issue) => `${paramOf(issue.path) ?? 'body'}: ${issue.message}`);
    return invalid(`Invalid chat completion request: ${words.join('; ')}`, paramOf(first?.path ?? []));
  }
  const request = parsed.data;
  const stream = request.stream === true;
  if (request.stream_options && !stream) return invalid('stream_options is only allowed when stream is true', 'stream_options');

  const model = request.model === undefined || request.model === OPENAI_DEFAULT_MODEL_ALIAS ? undefined : request.model;
  if (model !== undefined && !knownModels.includes(model)) {
    const listed = knownModels.length === 0 ? 'no models are configured (models.providers)' : `configured: ${knownModels.slice(0, 10).join(', ')}`;
    return {
      ok: false,
      problem: {
        status: 404,
        code: 'model_not_found',
        param: 'model',
        message: `The model "${model}" is not configured on this gateway (${listed}); use one GET /v1/models lists, or "${OPENAI_DEFAULT_MODEL_ALIAS}" for models.default`,
      },
    };
  }
  const base = { stream, includeUsage: stream && request.stream_options?.include_usage === true, model, maxTokens: request.max_completion_tokens ?? request.max_tokens ?? undefined };

  // An empty `user` names nobody; OpenAI accepts it, so it stays stateless.
  const key = sessionHeader ?? (request.user ? request.user : undefined);
  if (key !== undefined) return resolveSessionTurn(base, key, sessionHeader !== undefined, request.messages);

  const messages: ChatMessage[] = [];
  const system: string[] = [];
  for (const message of request.messages) {
    if (message.role === 'system' || message.role === 'developer') system.push(textOf(message.content));
    else messages.push({ role: message.role, content: textOf(message.content) });
  }
  if (messages.length === 0) return invalid('messages must hold at least one user or assistant message besides system ones', 'messages');
  return { ok: true, plan: { ...base, target: { kind: 'stateless', messages, system: system.join('\n\n') } } };
}

/** With a session key the gateway keeps the history: only the last message, the new user turn, is taken. */
function resolveSessionTurn(
  base: Omit<OpenAiCompletionPlan, 'target'>,
  key: string,
  fromHeader: boolean,
  messages: readonly OpenAiChatMessage[],
): OpenAiCompletionResolution {
  const last = messages.length - 1;
  const lastMessage = messages[last];
  if (lastMessage?.role !== 'user') {
    return invalid(
      `With a session key the gateway keeps the conversation, so the last message must be the new user message (messages[${last}] is "${lastMessage?.role}")`,
      `messages[${last}].role`,
    );
  }
  const checked = ChatSendParamsSchema.safeParse({ session_key: key, text: textOf(lastMessage.content) });
  if (!checked.success) {
    const [issue] = checked.error.issues;
    const onKey = issue?.path[0] === 'session_key';
    const where = onKey ? (fromHeader ? 'X-OpenClaw-Session-Key' : 'user') : `messages[${last}].content`;
    return invalid(`${where}: ${issue?.message ?? 'invalid'}`, onKey && fromHeader ? null : where);
  }
  return { ok: true, plan: { ...base, target: { kind: 'session', key: checked.data.session_key, text: checked.data.text } } };
}
