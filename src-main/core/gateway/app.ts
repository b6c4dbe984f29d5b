import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import type { Socket } from 'node:net';
import { authorizeGatewayRequest, readHeaderCredentials, resolveRateLimitClient, resolveUnauthorizedMessage, type RequestPeer } from './auth.js';
import {
  sendError,
  sendForbidden,
  sendInvalidRequest,
  sendMethodNotAllowed,
  sendNotFound,
  sendRateLimited,
  sendStorageError,
  sendUnauthorized,
} from './http-common.js';
import { findStorageError } from '../utils/storage-error.js';
import { MAX_BODY_BYTES } from './http-request.js';
import { isOpenAiPath } from './openai/errors.js';
import { resolveHostRefusal, type HostPolicy } from './host-origin.js';
import { busyMessage, rateLimitedMessage, runPacedCheck, type AuthRateLimiter } from './rate-limit.js';
import { createChatRoutes } from './routes/chat.js';
import { createConfigRoutes } from './routes/config.js';
import { createHealthRoutes } from './routes/health.js';
import { createOpenApiRoutes } from './routes/openapi.js';
import { createOpenAiRoutes } from './routes/openai.js';
import { createSessionRoutes } from './routes/sessions.js';
import { createTelegramWebhookHandler } from './routes/telegram-webhook.js';
import { createStaticDashboardRouter, findDashboardDir } from './static-dashboard.js';
import type { RouteContext, RouteMethod, RouteSpec } from './routes/types.js';

export interface AppDeps extends RouteContext {
  /** The Host/Origin policy in effect (rebuilt by the server when the config changes). */
  policy(): HostPolicy;
  limiter: AuthRateLimiter;
  /** Tells the connection guard that this socket carried an authorised request (it no longer counts as a stranger's). */
  markAuthenticated?(socket: Socket): void;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const CREDENTIAL_QUERY = /[?&](token|password|access_token)=/i;

/** Refuses wrong Hosts (DNS rebinding), cross-site state changes, oversized bodies; answers CORS for allowed_origins only. */
function createGuard(deps: AppDeps): RequestHandler {
  return (req, res, next) => {
    const length = req.headers['content-length'];
    if (length !== undefined && Number(length) > MAX_BODY_BYTES) {
      sendError(res, 413, 'payload_too_large', `Request body is larger than ${MAX_BODY_BYTES} bytes (1 MiB)`);
      return;
    }
    const policy = deps.policy();
    const refusal = resolveHostRefusal(policy, req.headers.host, req.originalUrl);
    if (refusal !== undefined) {
      sendForbidden(res, refusal);
      return;
    }
    const origin = req.headers.origin;
    if (origin !== undefined) {
      const allowed = policy.isAllowedOrigin(origin);
      if (allowed && policy.isCrossOriginAllowed(origin)) {
        res.setHeader('Access-Control-Allow-Origin', origin);
        res.setHeader('Vary', 'Origin');
      }
      if (req.method === 'OPTIONS') {
        if (!allowed) return sendForbidden(res, `Origin "${origin}" is not allowed; add it to gateway.allowed_origins`);
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE');
        res.setHeader('Access-Control-Allow-Headers', 'Authorization, X-Password, Content-Type, If-Match, If-None-Match, X-OpenClaw-Session-Key');
        res.setHeader('Access-Control-Max-Age', '600');
        res.statusCode = 204;
        res.end();
        return;
      }
      if (!allowed && !SAFE_METHODS.has(req.method)) {
        sendForbidden(res, `Origin "${origin}" is not allowed to change anything; add it to gateway.allowed_origins`);
        return;
      }
    }
    next();
  };
}

/**
 * Lets a request through when it is local-direct or, after the limiter's wait for its client key
 * (the wait comes before the comparison), carries the right token/password. A wrong one is answered
 * 401 (429 once a non-loopback key is locked out); an attempt while another of the same key waits
 * gets 429 unchecked. A request presenting nothing gets 401 at once: it guesses nothing, and the
 * client should offer to sign in rather than wait. Under /v1 a local-direct request passes whatever key it carries.
 */
function createRequireAuth(deps: AppDeps): RequestHandler {
  return (req, res, next) => {
    const peer: RequestPeer = { remoteAddress: req.socket.remoteAddress, headers: req.headers, target: req.originalUrl };
    const gateway = deps.state.config().gateway;
    const credentials = readHeaderCredentials(req.headers);
    const hint = CREDENTIAL_QUERY.test(req.originalUrl) ? ' (credentials in the URL query string are ignored)' : '';
    // Without credentials: local-direct or not. Presented ones are compared only in their turn, below.
    let auth = authorizeGatewayRequest(peer, gateway, {}, deps.state.extraTokens);
    // OpenAI clients cannot leave their key out (the SDKs refuse to start without one), so under /v1
    // a local-direct caller's key is not compared, as if it had sent none; elsewhere a wrong one fails.
    const keyIgnored = auth.authenticated && isOpenAiPath(req.originalUrl);
    if (keyIgnored || (credentials.token === undefined && credentials.password === undefined)) {
      if (!auth.authenticated) return sendUnauthorized(res, resolveUnauthorizedMessage(auth, 'http') + hint);
      deps.markAuthenticated?.(req.socket);
      return next();
    }
    runPacedCheck(deps.limiter, resolveRateLimitClient(peer, gateway.trusted_proxies), {
      isOpen: () => !req.socket.destroyed && !res.writableEnded,
      check: () => {
        // Read again: the config may have changed while the check waited its turn.
        auth = authorizeGatewayRequest(peer, deps.state.config().gateway, credentials, deps.state.extraTokens);
        return auth.authenticated;
      },
      done: (outcome) => {
        if (outcome.kind === 'abandoned') return;
        if (outcome.kind === 'busy') return sendRateLimited(res, outcome.retryAfterSeconds, busyMessage(outcome.retryAfterSeconds, outcome.failures));
        if (outcome.kind === 'passed') {
          deps.markAuthenticated?.(req.socket);
          return next();
        }
        const { verdict } = outcome;
        if (verdict.report) {
          deps.state.logger.warn('HTTP authentication failed', {
            client_ip: auth.clientIp,
            path: req.path,
            origin: req.headers.origin ?? null,
            failures: verdict.failures,
            next_delay_ms: verdict.nextDelayMs,
            unlogged_since_last: verdict.report.unlogged,
          });
        }
        if (verdict.retryAfterSeconds > 0) sendRateLimited(res, verdict.retryAfterSeconds, rateLimitedMessage(verdict.retryAfterSeconds, verdict.failures));
        else sendUnauthorized(res, resolveUnauthorizedMessage(auth, 'http') + hint);
      },
    });
  };
}

function mount(app: Express, route: RouteSpec, requireAuth: RequestHandler): void {
  const methods = Object.keys(route.handlers) as RouteMethod[];
  const allowed = methods.includes('GET') ? [...methods, 'HEAD'] : methods;
  const chain = app.route(route.path);
  for (const method of methods) {
    const handler = route.handlers[method];
    if (!handler) continue;
    const stack = route.auth ? [requireAuth, handler] : [handler];
    if (method === 'GET') chain.get(...stack);
    else if (method === 'POST') chain.post(...stack);
    else if (method === 'PUT') chain.put(...stack);
    else if (method === 'PATCH') chain.patch(...stack);
    else chain.delete(...stack);
  }
  chain.all((req, res) => sendMethodNotAllowed(res, req.method, allowed));
}

/** Maps body-parser and routing errors to JSON error bodies; anything else is a logged 500. */
function createErrorHandler(deps: AppDeps): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const failure = error as { type?: string; status?: number; message?: string; stack?: string };
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const storage = findStorageError(error);
    if (storage) {
      deps.state.logger.error(storage.message, { method: req.method, path: req.path, kind: storage.kind });
      sendStorageError(res, storage);
      return;
    }
    if (failure.type === 'entity.too.large') {
      sendError(res, 413, 'payload_too_large', `Request body is larger than ${MAX_BODY_BYTES} bytes (1 MiB)`);
    } else if (failure.type === 'entity.parse.failed') {
      sendInvalidRequest(res, `Request body is not valid JSON: ${failure.message ?? ''}`.trim());
    } else if (failure.type === 'charset.unsupported' || failure.type === 'encoding.unsupported') {
      sendError(res, 415, 'unsupported_media_type', failure.message ?? 'Unsupported body encoding');
    } else if (failure.status !== undefined && failure.status >= 400 && failure.status < 500) {
      sendInvalidRequest(res, failure.message ?? 'Bad request');
    } else {
      deps.state.logger.error('HTTP handler failed', { method: req.method, path: req.path, error: failure.stack ?? String(error) });
      sendError(res, 500, 'internal_error', 'The gateway hit an internal error; see the gateway log for details');
    }
  };
}

/**
 * Builds the express 5 app (the contract's create_app): the Host/Origin guard, access logging at
 * debug, every route with 405 + Allow for other methods, JSON 404 and error bodies. No CORS `*`.
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Bodies we ETag ourselves carry the store version; hashing every body would halve throughput.
  app.set('etag', false);
  const logger = deps.state.logger;
  app.use((req, res, next) => {
    const started = performance.now();
    res.once('finish', () => {
      logger.debug('HTTP request', {
        method: req.method,
        path: req.path,
        status: res.statusCode,
        ms: Math.round((performance.now() - started) * 10) / 10,
      });
    });
    next();
  });
  // Telegram calls the webhook by the public host name and proves itself with its secret header.
  app.use(createTelegramWebhookHandler(deps));
  app.use(createGuard(deps));
  const requireAuth = createRequireAuth(deps);
  const routes = [
    ...createHealthRoutes(deps),
    // Before the session routes: /api/sessions/*key would otherwise take ".../history" as part of the key.
    ...createChatRoutes(deps),
    ...createSessionRoutes(deps),
    ...createConfigRoutes(deps),
    ...createOpenApiRoutes(deps),
    ...createOpenAiRoutes(deps),
  ];
  for (const route of routes) mount(app, route, requireAuth);
  app.use(createStaticDashboardRouter({ rootDir: deps.state.dashboardDir ?? findDashboardDir() ?? 'dist/renderer' }));
  app.use((req, res) => sendNotFound(res, `No route for ${req.method} ${req.path}`));
  app.use(createErrorHandler(deps));
  return app;
}
