import type { RuntimeFailureCode, RuntimeStatus } from '../../src-shared/protocol/runtime-status.js';
import { describeError } from '../../src-shared/utils/common.js';

/** A start failure with a code the CLI maps to an exit status and the tray to a message. */
export class GatewayStartError extends Error {
  override readonly name = 'GatewayStartError';

  /** The address a listen failure was about (port_in_use, listen_failed). */
  readonly address: { host: string; port: number } | undefined;

  constructor(
    readonly code: RuntimeFailureCode,
    message: string,
    options?: ErrorOptions & { address?: { host: string; port: number } },
  ) {
    super(message, options);
    this.address = options?.address;
  }
}

/**
 * The `failed` status for a start (or run) that ended with `error`: its code when it is a
 * GatewayStartError, else `internal`; the reason passes `scrub`, as it reaches the tray and the console.
 */
export function resolveFailedStatus(error: unknown, scrub: (text: string) => string): Extract<RuntimeStatus, { state: 'failed' }> {
  if (error instanceof GatewayStartError) return { state: 'failed', code: error.code, reason: scrub(error.message), ...error.address };
  return { state: 'failed', code: 'internal', reason: scrub(`Gateway failed to start: ${describeError(error)}`) };
}
