import { GatewayHttpError } from '../../src-shared/client/errors.js';
import { describeError as describeThrown } from '../../src-shared/utils/common.js';

/**
 * Turns any failure into one sentence for the page; an auth failure says how to get in, without the
 * gateway's protocol-level wording (`send "Authorization: Bearer …"`), which means nothing to a person.
 */
export function describeError(error: unknown): string {
  if (error instanceof GatewayHttpError && error.status === 401) {
    return "Sign-in needed: sign in with the gateway's token or password to continue.";
  }
  return describeThrown(error);
}
