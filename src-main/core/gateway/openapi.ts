import { z } from 'zod';
import { HttpErrorBodySchema } from '../../../src-shared/protocol/errors.js';
import { WS_EVENTS } from '../../../src-shared/protocol/events.js';
import {
  ConfigResponseSchema,
  ConfigSnapshotResponseSchema,
  GatewayHealthSchema,
  HealthCheckResponseSchema,
  SessionDeleteResponseSchema,
  SessionEntryResponseSchema,
  SessionGetResponseSchema,
  SessionListQuerySchema,
  SessionListResponseSchema,
  SessionPatchSchema,
} from '../../../src-shared/protocol/http.js';
import { WS_METHODS } from '../../../src-shared/protocol/methods.js';
import { ConfigWriteBodySchema, ConfigWriteResultSchema } from '../../../src-shared/protocol/settings.js';
import {
  ChatFinalEventSchema,
  ChatHistoryResultSchema,
  ChatHttpErrorBodySchema,
  ChatHttpRequestSchema,
} from '../../../src-shared/protocol/chat.js';
import {
  OpenAiChatCompletionChunkSchema,
  OpenAiChatCompletionRequestSchema,
  OpenAiChatCompletionSchema,
  OpenAiErrorBodySchema,
  OpenAiModelListSchema,
  OpenAiModelSchema,
} from '../../../src-shared/protocol/openai.js';

type Json = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output' = 'output'): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return rest;
}

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json): Json => ({ content: { 'application/json': { schema } } });
const errorResponse = (description: string): Json => ({ description, ...json(ref('Error')) });

const AUTH_ERRORS = {
  '401': errorResponse('No or wrong credentials (type unauthorized)'),
  '403': errorResponse('Host or Origin not allowed (type forbidden)'),
  '429': errorResponse('Too many failed authentication attempts; see Retry-After (type rate_limited)'),
};

const STORAGE_ERRORS = {
  '500': errorResponse('The session store path cannot be used: permissions, a file where a folder should be (type storage_unusable)'),
  '503': errorResponse('The session store is locked by another writer; see Retry-After (type storage_busy)'),
  '507': errorResponse('The disk holding the session store is full (type storage_full) or read-only (type storage_read_only)'),
};

const openAiError = (description: string): Json => ({ description, ...json(ref('OpenAiError')) });

const OPENAI_AUTH_ERRORS = {
  '401': openAiError('No or wrong key from a client that is not local-direct (code unauthorized)'),
  '403': openAiError('Host or Origin not allowed (code forbidden)'),
  '404': openAiError('Unknown model (code model_not_found), or the endpoint turned off with gateway.http.openai.enabled: false'),
  '429': openAiError('Too many failed authentication attempts, a provider rate limit (code rate_limited) or 16 messages waiting in the session (code busy); see Retry-After'),
};

const KEY_PARAMETER = {
  name: 'key',
  in: 'path',
  required: true,
  description: 'Session key; may contain ":" and "/" (percent-encode other reserved characters)',
  schema: { type: 'string', minLength: 1, maxLength: 512 },
};

/** The query parameters of an object schema, each with its JSON schema and description. */
function queryParameters(schema: z.ZodObject): Json[] {
  const properties = (schemaOf(schema, 'input').properties ?? {}) as Record<string, Json>;
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return { name, in: 'query', required: false, ...(description === undefined ? {} : { description }), schema: rest };
  });
}

/** Builds the OpenAPI 3.1 document of the HTTP API (and, under x-websocket, the WS methods and events) from the shared zod schemas. */
export function createOpenApiDocument(version: string): Json {
  const secured = [{ bearer: [] }, { password: [] }, {}];
  return {
    openapi: '3.1.0',
    info: {
      title: 'OpenClaw gateway',
      version,
      description:
        'Local clients (127.0.0.1 / ::1, loopback Host, no proxy headers) need no credentials; others send ' +
        '"Authorization: Bearer <gateway.token>" or "X-Password: <gateway.password>".',
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        password: { type: 'apiKey', in: 'header', name: 'X-Password' },
      },
      schemas: {
        Error: schemaOf(HttpErrorBodySchema),
        Health: schemaOf(HealthCheckResponseSchema),
        GatewayHealth: schemaOf(GatewayHealthSchema),
        SessionList: schemaOf(SessionListResponseSchema),
        SessionEntry: schemaOf(SessionEntryResponseSchema),
        Session: schemaOf(SessionGetResponseSchema),
        SessionPatch: schemaOf(SessionPatchSchema, 'input'),
        SessionDeleted: schemaOf(SessionDeleteResponseSchema),
        Config: schemaOf(ConfigResponseSchema),
        ConfigSnapshot: schemaOf(ConfigSnapshotResponseSchema),
        ChatRequest: schemaOf(ChatHttpRequestSchema, 'input'),
        ChatAnswer: schemaOf(ChatFinalEventSchema),
        ChatError: schemaOf(ChatHttpErrorBodySchema),
        ChatHistory: schemaOf(ChatHistoryResultSchema),
        ConfigWrite: schemaOf(ConfigWriteBodySchema, 'input'),
        ConfigWriteResult: schemaOf(ConfigWriteResultSchema),
        OpenAiChatCompletionRequest: schemaOf(OpenAiChatCompletionRequestSchema, 'input'),
        OpenAiChatCompletion: schemaOf(OpenAiChatCompletionSchema),
        OpenAiChatCompletionChunk: schemaOf(OpenAiChatCompletionChunkSchema),
        OpenAiModel: schemaOf(OpenAiModelSchema),
        OpenAiModelList: schemaOf(OpenAiModelListSchema),
        OpenAiError: schemaOf(OpenAiErrorBodySchema),
      },
    },
    paths: {
      '/health': { get: { summary: 'Liveness', security: [], responses: { '200': { description: 'Up', ...json(ref('Health')) } } } },
      '/api/health': {
        get: { summary: 'Version, uptime, config state, WS clients', security: secured, responses: { '200': { description: 'OK', ...json(ref('GatewayHealth')) }, ...AUTH_ERRORS } },
      },
      '/api/sessions': {
        get: {
          summary:
            'Every session; with any of limit, cursor, q, sort, channel, chat_type one page in sort order (keys, total, next_cursor; follow next_cursor ' +
            'with the same query for the next page, and session.updated / session.deleted events for live changes). ETag changes with the store, If-None-Match gives 304',
          security: secured,
          parameters: queryParameters(SessionListQuerySchema),
          responses: {
            '200': { description: 'OK', ...json(ref('SessionList')) },
            '304': { description: 'Not modified' },
            '400': errorResponse('An unknown or invalid query parameter, or a cursor that is not the next_cursor of a page of the same sort (type invalid_request_error)'),
            ...AUTH_ERRORS,
          },
        },
      },
      '/api/sessions/{key}': {
        parameters: [KEY_PARAMETER],
        get: { summary: 'One session: its entry itself', security: secured, responses: { '200': { description: 'OK', ...json(ref('SessionEntry')) }, '404': errorResponse('No such key'), ...AUTH_ERRORS } },
        patch: {
          summary: 'Change label, send policy or overrides; null clears a field',
          security: secured,
          requestBody: { required: true, ...json(ref('SessionPatch')) },
          responses: {
            '200': { description: 'Updated', ...json(ref('Session')) },
            '400': errorResponse('Invalid patch (type invalid_request_error)'),
            '404': errorResponse('No such key'),
            '413': errorResponse('Body over 1 MiB (type payload_too_large)'),
            '415': errorResponse('Not JSON (type unsupported_media_type)'),
            ...STORAGE_ERRORS,
            ...AUTH_ERRORS,
          },
        },
        delete: {
          summary: 'Remove a session from the store (its transcript file stays)',
          security: secured,
          responses: { '200': { description: 'Deleted', ...json(ref('SessionDeleted')) }, '404': errorResponse('No such key'), ...STORAGE_ERRORS, ...AUTH_ERRORS },
        },
      },
      '/api/chat': {
        post: {
          summary:
            'Send a message to a session (created on first use) and wait for the answer. With "Accept: text/event-stream" the answer streams as ' +
            'SSE events chat.accepted, chat.delta…, then chat.final or chat.error. Hanging up aborts the run.',
          security: secured,
          requestBody: { required: true, ...json(ref('ChatRequest')) },
          responses: {
            '200': {
              description: 'The answer (JSON), or the SSE stream',
              content: { 'application/json': { schema: ref('ChatAnswer') }, 'text/event-stream': { schema: { type: 'string' } } },
            },
            '400': errorResponse('Invalid body (type invalid_request_error), or the message does not fit the model (type chat_error, kind bad_request)'),
            '409': { description: 'Aborted by chat.abort (partial answer in partial_text)', ...json(ref('ChatError')) },
            '413': errorResponse('Body over 1 MiB (type payload_too_large)'),
            '415': errorResponse('Not JSON (type unsupported_media_type)'),
            '500': { description: 'Unexpected failure (kind internal), or a store or transcript path that cannot be used (kind storage_unusable)', ...json(ref('ChatError')) },
            '502': { description: 'The model provider failed: unreachable, auth, model_not_found, rate_limited, server_error, stream_cut', ...json(ref('ChatError')) },
            '503': errorResponse(
              'No model configured (chat_error, kind config), 16 messages already waiting (Retry-After), the session store busy (kind storage_busy, Retry-After) or shutting down',
            ),
            '507': { description: 'The disk is full (kind storage_full) or read-only (kind storage_read_only)', ...json(ref('ChatError')) },
            '504': { description: 'No complete answer within agent.timeout_seconds', ...json(ref('ChatError')) },
            ...AUTH_ERRORS,
          },
        },
      },
      '/api/sessions/{key}/history': {
        parameters: [
          KEY_PARAMETER,
          { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
          { name: 'before', in: 'query', required: false, description: 'Only lines with ts below this (ms since the epoch)', schema: { type: 'integer', minimum: 0 } },
        ],
        get: {
          summary: 'The session transcript, newest `limit` lines (oldest first); empty for a session that never chatted',
          security: secured,
          responses: { '200': { description: 'OK', ...json(ref('ChatHistory')) }, '400': errorResponse('Bad limit or before'), ...AUTH_ERRORS },
        },
      },
      '/api/config': {
        get: { summary: 'Config in effect, secrets redacted', security: secured, responses: { '200': { description: 'OK', ...json(ref('Config')) }, ...AUTH_ERRORS } },
        put: {
          summary:
            'Change the config file (the dashboard settings): {"raw": text} or {"set": {"dotted.key": value}, "unset": ["dotted.key"]}. Validated first, ' +
            'written atomically (mode 0600, previous file kept as .bak), comments and ${VAR} references kept; the answer says what the gateway did',
          security: secured,
          parameters: [
            { name: 'If-Match', in: 'header', required: false, description: 'The hash of the snapshot the change was made against (required unless If-None-Match: *)', schema: { type: 'string' } },
            { name: 'If-None-Match', in: 'header', required: false, description: '"*" when there was no file yet', schema: { type: 'string' } },
          ],
          requestBody: { required: true, ...json(ref('ConfigWrite')) },
          responses: {
            '200': { description: 'Written and applied', ...json(ref('ConfigWriteResult')) },
            '400': errorResponse('Invalid body, or the change would make the config invalid: error.issues lists each key path (line and column for raw text); the file is untouched'),
            '409': errorResponse('The file changed since the snapshot was read (type conflict); reload and make the change again'),
            '413': errorResponse('Body over 1 MiB (type payload_too_large)'),
            '415': errorResponse('Not JSON (type unsupported_media_type)'),
            '428': errorResponse('No If-Match header (type precondition_required)'),
            ...AUTH_ERRORS,
          },
        },
      },
      '/api/config/snapshot': {
        get: { summary: 'Config file as read now, secrets redacted', security: secured, responses: { '200': { description: 'OK', ...json(ref('ConfigSnapshot')) }, ...AUTH_ERRORS } },
      },
      '/v1/models': {
        get: {
          summary: 'OpenAI-compatible: the configured models as "provider/model", the default first',
          security: secured,
          responses: { '200': { description: 'OK', ...json(ref('OpenAiModelList')) }, ...OPENAI_AUTH_ERRORS },
        },
      },
      '/v1/models/{id}': {
        parameters: [{ name: 'id', in: 'path', required: true, description: '"provider/model" (the slash may be percent-encoded)', schema: { type: 'string' } }],
        get: { summary: 'OpenAI-compatible: one configured model', security: secured, responses: { '200': { description: 'OK', ...json(ref('OpenAiModel')) }, ...OPENAI_AUTH_ERRORS } },
      },
      '/v1/chat/completions': {
        post: {
          summary:
            'OpenAI-compatible chat completion. Stateless by default (messages are the whole conversation, nothing is stored); with ' +
            'X-OpenClaw-Session-Key (or user) the gateway keeps that session and appends the last (user) message to it, as POST /api/chat does. ' +
            'stream: true answers SSE chat.completion.chunk frames, then data: [DONE]. Errors use OpenAI\'s shape; hanging up aborts the run.',
          security: secured,
          parameters: [
            {
              name: 'X-OpenClaw-Session-Key',
              in: 'header',
              required: false,
              description: 'Session the gateway keeps (1-512 characters); wins over the user field',
              schema: { type: 'string', minLength: 1, maxLength: 512 },
            },
          ],
          requestBody: { required: true, ...json(ref('OpenAiChatCompletionRequest')) },
          responses: {
            '200': {
              description: 'The completion (JSON), or with stream: true the SSE stream of chunks',
              content: { 'application/json': { schema: ref('OpenAiChatCompletion') }, 'text/event-stream': { schema: ref('OpenAiChatCompletionChunk') } },
            },
            '400': openAiError('Invalid request, naming the parameter (type invalid_request_error), or the provider refused it (code bad_request)'),
            '409': openAiError('Session run stopped by chat.abort (code aborted)'),
            '413': openAiError('Body over 1 MiB (code payload_too_large)'),
            '415': openAiError('Not JSON (code unsupported_media_type)'),
            '500': openAiError('Unexpected failure (code internal) or a store path that cannot be used (code storage_unusable)'),
            '502': openAiError('The model provider failed (code unreachable, auth, model_not_found, server_error or stream_cut)'),
            '503': openAiError('No model configured (code config), the store busy (code storage_busy) or the gateway stopping (code shutdown)'),
            '504': openAiError('No complete answer within agent.timeout_seconds (code timeout)'),
            '507': openAiError('The disk is full or read-only (code storage_full, storage_read_only)'),
            ...OPENAI_AUTH_ERRORS,
          },
        },
      },
      '/api/openapi.json': { get: { summary: 'This document', security: [], responses: { '200': { description: 'OK' } } } },
    },
    'x-websocket': {
      path: '/ws',
      methods: Object.fromEntries(
        Object.entries(WS_METHODS).map(([name, spec]) => [name, { params: schemaOf(spec.params, 'input'), result: schemaOf(spec.result) }]),
      ),
      events: Object.fromEntries(Object.entries(WS_EVENTS).map(([name, schema]) => [name, { params: schemaOf(schema) }])),
    },
  };
}
