import type { z } from 'zod';
import { HttpErrorBodySchema } from '../protocol/errors.js';
import {
  ConfigResponseSchema,
  ConfigSnapshotResponseSchema,
  GatewayHealthSchema,
  SessionDeleteResponseSchema,
  SessionEntryResponseSchema,
  SessionGetResponseSchema,
  SessionListResponseSchema,
} from '../protocol/http.js';
import type {
  ConfigResponse,
  ConfigSnapshotResponse,
  GatewayHealth,
  SessionDeleteResponse,
  SessionEntryResponse,
  SessionGetResponse,
  SessionListQueryInput,
  SessionListResponse,
  SessionPatchInput,
} from '../protocol/http.js';
import { ConfigWriteResultSchema, type ConfigWriteBody, type ConfigWriteResult } from '../protocol/settings.js';
import { describeError } from '../utils/common.js';
import { formatZodIssues } from '../utils/zod-issues.js';
import { GatewayHttpError } from './errors.js';
import type { FetchLike, FetchResponseLike } from './transport.js';

/** Credentials for a gateway that is not reached over loopback; sent as headers, never in a URL. */
export interface ClientCredentials {
  token?: string;
  password?: string;
}

/** The gateway's HTTP API, every response checked against the shared protocol schemas. */
export interface GatewayHttpApi {
  health(): Promise<GatewayHealth>;
  /** Every session, or with any query field one page of them (`keys`, `total`, `next_cursor`; see SessionListQuerySchema). */
  listSessions(query?: SessionListQueryInput): Promise<SessionListResponse>;
  /** The session entry itself (`GET /api/sessions/{key}`). */
  getSession(key: string): Promise<SessionEntryResponse>;
  patchSession(key: string, patch: SessionPatchInput): Promise<SessionGetResponse>;
  deleteSession(key: string): Promise<SessionDeleteResponse>;
  getConfig(): Promise<ConfigResponse>;
  getConfigSnapshot(): Promise<ConfigSnapshotResponse>;
  /** Writes the config (settings forms or raw text) made against the snapshot with `baseHash` (null: no file yet). */
  putConfig(body: ConfigWriteBody, baseHash: string | null): Promise<ConfigWriteResult>;
}

export interface HttpApiOptions {
  baseUrl: string;
  fetch: FetchLike;
  credentials: () => ClientCredentials | undefined;
  timeoutMs: number;
}

/** Returns the auth headers for the given credentials: a token wins over a password, as on the gateway. */
export function resolveAuthHeaders(credentials: ClientCredentials | undefined): Record<string, string> {
  if (credentials?.token) return { Authorization: `Bearer ${credentials.token}` };
  if (credentials?.password) return { 'X-Password': credentials.password };
  return {};
}

/** Returns `/api/sessions` with the query's fields that are set, in a fixed order (one URL per page, so its ETag is reused). */
export function resolveSessionListPath(query: SessionListQueryInput = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) params.set(name, String(value));
  }
  params.sort();
  const search = params.toString();
  return search ? `/api/sessions?${search}` : '/api/sessions';
}

/** Returns the API path of one session; the key is one encoded segment, so `/` and `:` in it survive. */
export function resolveSessionPath(key: string): string {
  return `/api/sessions/${encodeURIComponent(key)}`;
}

async function readBody(response: FetchResponseLike): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Creates the HTTP half of the client; errors are GatewayHttpError with the gateway's message and type. */
export function createGatewayHttpApi(options: HttpApiOptions): GatewayHttpApi {
  const base = options.baseUrl.replace(/\/+$/, '');

  async function call<S extends z.ZodType>(method: string, path: string, schema: S, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<z.infer<S>> {
    const label = `${method} ${path}`;
    const headers: Record<string, string> = { Accept: 'application/json', ...resolveAuthHeaders(options.credentials()), ...extraHeaders };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response: FetchResponseLike;
    try {
      response = await options.fetch(`${base}${path}`, {
        method,
        headers,
        // Revalidate every time: the gateway answers 304 from its store version, so this costs little.
        cache: 'no-cache',
        credentials: 'omit',
        signal: AbortSignal.timeout(options.timeoutMs),
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      const reason = describeError(error);
      throw new GatewayHttpError(`Cannot reach the gateway at ${base} (${reason}); is it running?`, 0, 'network_error');
    }
    const payload = await readBody(response);
    if (!response.ok) {
      const parsed = HttpErrorBodySchema.safeParse(payload);
      if (parsed.success) throw new GatewayHttpError(parsed.data.error.message, response.status, parsed.data.error.type, parsed.data.error.issues);
      throw new GatewayHttpError(`${label} failed with HTTP ${response.status}.`, response.status, 'invalid_response');
    }
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      throw new GatewayHttpError(
        `${label} returned an unexpected body (${formatZodIssues(parsed.error.issues, { root: '(body)', limit: 3 })}); are the dashboard and gateway the same version?`,
        response.status,
        'invalid_response',
      );
    }
    return parsed.data;
  }

  return {
    health: () => call('GET', '/api/health', GatewayHealthSchema),
    listSessions: (query) => call('GET', resolveSessionListPath(query), SessionListResponseSchema),
    getSession: (key) => call('GET', resolveSessionPath(key), SessionEntryResponseSchema),
    patchSession: (key, patch) => call('PATCH', resolveSessionPath(key), SessionGetResponseSchema, patch),
    deleteSession: (key) => call('DELETE', resolveSessionPath(key), SessionDeleteResponseSchema),
    getConfig: () => call('GET', '/api/config', ConfigResponseSchema),
    getConfigSnapshot: () => call('GET', '/api/config/snapshot', ConfigSnapshotResponseSchema),
    putConfig: (body, baseHash) =>
      call('PUT', '/api/config', ConfigWriteResultSchema, body, baseHash === null ? { 'If-None-Match': '*' } : { 'If-Match': `"${baseHash}"` }),
  };
}
