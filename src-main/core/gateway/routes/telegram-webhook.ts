import express, { type RequestHandler } from 'express';
import { getClientIp } from '../auth.js';
import { sendRateLimited } from '../http-common.js';
import { MAX_BODY_BYTES } from '../http-request.js';
import { answerAfter, type AuthRateLimiter } from '../rate-limit.js';
import type { RouteContext } from './types.js';

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/**
 * The Telegram webhook (telegram.mode webhook): `POST <telegram.webhook.path>` from Telegram's
 * servers. It is mounted before the Host/Origin guard and gateway auth because Telegram is a remote
 * client calling the public name of webhook.url; what authenticates it is the
 * X-Telegram-Bot-Api-Secret-Token header, compared in constant time with the bot's webhook secret.
 * A wrong or missing secret goes through the same limiter as gateway credentials (401, later 429,
 * after its delay); the right one is never held back. Any other request passes through to the
 * regular routes.
 */
export function createTelegramWebhookHandler(ctx: RouteContext & { limiter: AuthRateLimiter }): RequestHandler {
  const parseJson = express.json({ limit: MAX_BODY_BYTES });
  return (req, res, next) => {
    const telegram = ctx.state.telegram?.();
    if (req.method !== 'POST' || !telegram || !telegram.webhookPaths().includes(req.path)) return next();
    parseJson(req, res, (error?: unknown) => {
      if (error) return next(error);
      const secret = req.headers[SECRET_HEADER];
      telegram.handleWebhook(req.path, { secretToken: typeof secret === 'string' ? secret : undefined, body: req.body as unknown }).then(
        (status) => {
          if (status !== 401) {
            res.status(status).end();
            return;
          }
          const clientIp = getClientIp({ remoteAddress: req.socket.remoteAddress, headers: req.headers }, ctx.state.config().gateway.trusted_proxies);
          const verdict = ctx.limiter.recordFailure(clientIp);
          ctx.state.logger.warn('Telegram webhook secret refused', { client_ip: clientIp, path: req.path, failures: verdict.failures, delay_ms: verdict.delayMs });
          answerAfter(verdict.delayMs, () => {
            if (res.writableEnded || res.destroyed) return;
            if (verdict.retryAfterSeconds > 0) sendRateLimited(res, verdict.retryAfterSeconds);
            else res.status(401).end();
          });
        },
        (failure: unknown) => next(failure),
      );
    });
  };
}
