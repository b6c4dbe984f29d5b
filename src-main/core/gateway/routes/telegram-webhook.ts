import express, { type RequestHandler } from 'express';
import { getClientIp, resolveRateLimitClient } from '../auth.js';
import { sendRateLimited } from '../http-common.js';
import { MAX_BODY_BYTES } from '../http-request.js';
import { answerAfter, busyMessage, rateLimitedMessage, type AuthRateLimiter } from '../rate-limit.js';
import type { RouteContext } from './types.js';

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/**
 * The Telegram webhook (telegram.mode webhook): `POST <telegram.webhook.path>` from Telegram's
 * servers. It is mounted before the Host/Origin guard and gateway auth because Telegram is a remote
 * client calling the public name of webhook.url; what authenticates it is the
 * X-Telegram-Bot-Api-Secret-Token header, compared in constant time with the bot's webhook secret.
 * The comparison waits its turn in the same limiter as gateway credentials (per client key, one at a
 * time), so wrong secrets are answered 401, later 429, and cannot be tried faster by hanging up.
 * Any other request passes through to the regular routes.
 */
export function createTelegramWebhookHandler(ctx: RouteContext & { limiter: AuthRateLimiter }): RequestHandler {
  const parseJson = express.json({ limit: MAX_BODY_BYTES });
  return (req, res, next) => {
    const telegram = ctx.state.telegram?.();
    if (req.method !== 'POST' || !telegram || !telegram.webhookPaths().includes(req.path)) return next();
    parseJson(req, res, (error?: unknown) => {
      if (error) return next(error);
      const secret = req.headers[SECRET_HEADER];
      const peer = { remoteAddress: req.socket.remoteAddress, headers: req.headers };
      const { trusted_proxies: trustedProxies } = ctx.state.config().gateway;
      const client = resolveRateLimitClient(peer, trustedProxies);
      const reservation = ctx.limiter.reserve(client);
      if (reservation.busy) {
        sendRateLimited(res, reservation.retryAfterSeconds, busyMessage(reservation.retryAfterSeconds, reservation.failures));
        return;
      }
      answerAfter(reservation.delayMs, () => {
        if (req.socket.destroyed) {
          ctx.limiter.settle(client, 'abandoned');
          return;
        }
        const handled = telegram.handleWebhook(req.path, { secretToken: typeof secret === 'string' ? secret : undefined, body: req.body as unknown });
        // The secret is compared synchronously inside handleWebhook, so the key is free again now,
        // while a valid update is still being handled; a refusal is counted when its 401 arrives.
        ctx.limiter.settle(client, 'success');
        handled.then(
          (status) => {
            if (status !== 401) {
              res.status(status).end();
              return;
            }
            const verdict = ctx.limiter.settle(client, 'failure');
            if (verdict.report) {
              const clientIp = getClientIp(peer, trustedProxies);
              ctx.state.logger.warn('Telegram webhook secret refused', {
                client_ip: clientIp,
                path: req.path,
                failures: verdict.failures,
                next_delay_ms: verdict.nextDelayMs,
                unlogged_since_last: verdict.report.unlogged,
              });
            }
            if (res.writableEnded || res.destroyed) return;
            if (verdict.retryAfterSeconds > 0) sendRateLimited(res, verdict.retryAfterSeconds, rateLimitedMessage(verdict.retryAfterSeconds, verdict.failures));
            else res.status(401).end();
          },
          (failure: unknown) => next(failure),
        );
      });
    });
  };
}
