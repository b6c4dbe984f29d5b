import type { OpenAiErrorBody } from '../../../../src-shared/protocol/openai.js';

const OPENAI_PATH = /^\/v1(?:[/?#]|$)/;

/** True for a request target under `/v1` (the OpenAI-compatible endpoint), whose errors take OpenAI's shape. */
export function isOpenAiPath(target: string | undefined): boolean {
  return target !== undefined && OPENAI_PATH.test(target);
}

/** OpenAI's error `type` for an HTTP status (its clients pick their exception class by the status). */
export function resolveOpenAiErrorType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 429) return 'rate_limit_error';
  return status >= 500 ? 'server_error' : 'invalid_request_error';
}

/** What went wrong with a `/v1` request, before it is put in OpenAI's shape. */
export interface OpenAiProblem {
  status: number;
  message: string;
  /** The gateway's own error type or the run's error kind. */
  code: string | null;
  /** The request field at fault (`messages[1].role`), when one is. */
  param?: string | null;
}

/** Builds `{error:{message,type,param,code}}` for a status; `type` follows the status as OpenAI's does. */
export function createOpenAiErrorBody(problem: OpenAiProblem): OpenAiErrorBody {
  return { error: { message: problem.message, type: resolveOpenAiErrorType(problem.status), param: problem.param ?? null, code: problem.code } };
}

