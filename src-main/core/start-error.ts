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

/**
 * The `failed` status for a start (or run) that ended with `error`: its code when it is a
 * GatewayStartError, else `internal`; the reason passes `scrub`, as it reaches the tray and the console.
 */
export function resolveFailedStatus(error: unknown, scrub: (text: string) => string): Extract<RuntimeStatus, { state: 'failed' }> {
  if (error instanceof GatewayStartError) return { state: 'failed', code: error.code, reason: scrub(error.message) };
  return { state: 'failed', code: 'internal', reason: scrub(`Gateway failed to start: ${describeError(error)}`) };
}
