import { GatewayRequestError } from '../../../src-shared/client/errors.js';
import { ConfigWriteIssueSchema } from '../../../src-shared/protocol/settings.js';
import type { ConfigWriteIssue, ConfigWriteResult } from '../../../src-shared/protocol/settings.js';
import { describeError } from '../../lib/describe-error.js';

/** Why a settings write did not happen, in the terms the page reacts to. */
export interface SaveFailure {
  /** conflict: the file changed on disk (offer Reload); invalid: issues to show under fields (a secret typed over a ${VAR} among them). */
  kind: 'conflict' | 'invalid' | 'other';
  message: string;
  issues: ConfigWriteIssue[];
}

export type SaveOutcome = { ok: true; result: ConfigWriteResult } | { ok: false; failure: SaveFailure };

const CONFLICT_MESSAGE = 'The config file changed on disk since this page loaded it, so nothing was saved. Reload to see the current file, then make your change again.';

function readIssues(details: Record<string, unknown> | undefined): ConfigWriteIssue[] {
  const parsed = ConfigWriteIssueSchema.array().safeParse(details?.issues);
  return parsed.success ? parsed.data : [];
}

/** Turns a refused `config.update` into what the page shows: the conflict message, the issues by key path, or the gateway's words. */
export function resolveSaveFailure(error: unknown): SaveFailure {
  if (error instanceof GatewayRequestError) {
    if (error.code === 'conflict') return { kind: 'conflict', message: CONFLICT_MESSAGE, issues: [] };
    if (error.code === 'invalid_params') return { kind: 'invalid', message: error.message, issues: readIssues(error.details) };
  }
  return { kind: 'other', message: describeError(error), issues: [] };
}

/** The issues of a failure that belong to one key path (or below it), for showing under that field. */
export function selectIssues(issues: readonly ConfigWriteIssue[], path: string): ConfigWriteIssue[] {
  return issues.filter((issue) => issue.path === path || issue.path.startsWith(`${path}.`) || issue.path.startsWith(`${path}[`));
}
