import type { RuntimeFailureCode, RuntimeStatus } from '../../src-shared/protocol/runtime-status.js';
import { describeError } from '../../src-shared/utils/common.js';

/** A start failure with a code the CLI maps to an exit status and the tray to a message. */
export class GatewayStartError extends Error {
  override readonly name = 'GatewayStartError';

  constructor(
    readonly code: RuntimeFailureCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The `failed` status for a start (or run) that ended with `error`: its code when it is a GatewayStartError, else `internal`. */
export function resolveFailedStatus(error: unknown): Extract<RuntimeStatus, { state: 'failed' }> {
  if (error instanceof GatewayStartError) return { state: 'failed', code: error.code, reason: error.message };
  return { state: 'failed', code: 'internal', reason: `Gateway failed to start: ${describeError(error)}` };
}
