import express, { type RequestHandler } from 'express';
import { MAX_BODY_BYTES } from '../http-request.js';
import type { RouteContext } from './types.js';

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/**
 * The Telegram webhook (telegram.mode webhook): `POST <telegram.webhook.path>` from Telegram's
 * servers. It is mounted before the Host/Origin guard and gateway auth because Telegram is a remote
 * client calling the public name of webhook.url; what authenticates it is the
 * X-Telegram-Bot-Api-Secret-Token header, compared in constant time with telegram.webhook.secret_token
 * (401 otherwise). Any other request passes through to the regular routes.
 */
export function createTelegramWebhookHandler(ctx: RouteContext): RequestHandler {
  const parseJson = express.json({ limit: MAX_BODY_BYTES });
  return (req, res, next) => {
    const telegram = ctx.state.telegram?.();
    if (req.method !== 'POST' || !telegram || !telegram.webhookPaths().includes(req.path)) return next();
    parseJson(req, res, (error?: unknown) => {
      if (error) return next(error);
      const secret = req.headers[SECRET_HEADER];
      telegram.handleWebhook(req.path, { secretToken: typeof secret === 'string' ? secret : undefined, body: req.body as unknown }).then(
        (status) => {
          res.status(status).end();
        },
        (failure: unknown) => next(failure),
      );
    });
  };
}
