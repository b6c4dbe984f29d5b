import { ConfigWriteBodySchema } from '../../../../src-shared/protocol/settings.js';
import { formatZodIssues } from '../../../../src-shared/utils/zod-issues.js';
import { ConfigUpdateError, resolveConfigEdit, scrubConfigIssues } from '../../config/config-edit.js';
import { scrubErrorText } from '../../utils/secret-scrubber.js';
import { redactConfigSnapshot } from '../config-redaction.js';
import { sendError, sendInvalidRequest, sendJson } from '../http-common.js';
import { withJsonBody } from '../http-request.js';
import { resolveConfigResponse } from '../status.js';
import type { RouteContext, RouteSpec } from './types.js';

/**
 * The base hash of a write: `If-Match: <hash>` (quoted or not, as an ETag), or `If-None-Match: *`
 * for "there is no file yet"; undefined when the request has neither.
 */
function readBaseHash(headers: Record<string, string | string[] | undefined>): string | null | undefined {
  const match = headers['if-match'];
  if (typeof match === 'string' && match.trim() !== '') return match.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
  if (headers['if-none-match'] === '*') return null;
  return undefined;
}

/**
 * `GET /api/config` (the config in effect, redacted), `PUT /api/config` (a settings write, guarded by
 * If-Match) and `GET /api/config/snapshot` (the file as read now, redacted).
 */
export function createConfigRoutes(ctx: RouteContext): RouteSpec[] {
  const { state } = ctx;
  return [
    {
      path: '/api/config',
      auth: true,
      handlers: {
        GET: (_req, res) => sendJson(res, 200, resolveConfigResponse(state)),
        PUT: withJsonBody('Send {"raw": "<file text>"} or {"set": {...}, "unset": [...]} as JSON with Content-Type: application/json', async (req, res, next) => {
          const baseHash = readBaseHash(req.headers);
          if (baseHash === undefined) {
            return sendError(res, 428, 'precondition_required', 'Send If-Match: <hash> with the hash of the config snapshot the change was made against (If-None-Match: * when there is no file yet)');
          }
          const parsed = ConfigWriteBodySchema.safeParse(req.body);
          if (!parsed.success) return sendInvalidRequest(res, `Invalid config write: ${formatZodIssues(parsed.error.issues, { root: 'body' })}`);
          if (!state.updateConfig) return sendError(res, 503, 'service_unavailable', 'This gateway cannot change its config file');
          try {
            sendJson(res, 200, await state.updateConfig({ baseHash, ...resolveConfigEdit(parsed.data) }));
          } catch (error) {
            if (!(error instanceof ConfigUpdateError) || error.code === 'write_failed') return next(error);
            const scrub = (text: string): string => scrubErrorText(text, state.scrub, state.config());
            if (error.code === 'conflict') return sendError(res, 409, 'conflict', scrub(error.message));
            sendJson(res, 400, { error: { message: scrub(error.message), type: 'invalid_request_error', issues: scrubConfigIssues(error.issues, scrub) } });
          }
        }),
      },
    },
    {
      path: '/api/config/snapshot',
      auth: true,
      handlers: {
        GET: async (_req, res) => sendJson(res, 200, redactConfigSnapshot(await state.readConfigSnapshot())),
      },
    },
  ];
}
