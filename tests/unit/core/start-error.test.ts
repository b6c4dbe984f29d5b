import { describe, expect, it } from 'vitest';
import { GatewayStartError, resolveFailedStatus } from '../../../src-main/core/start-error.js';
import { createSecretKeeper } from '../../../src-main/core/utils/secret-scrubber.js';

// Not token-shaped, so only the keeper can hide it.
const PASSWORD = 'Zq7plainPassword0123';

describe('resolveFailedStatus', () => {
  it('scrubs the reason of a start error that quotes a secret, keeping its code and the rest of the words', () => {
    const keeper = createSecretKeeper([PASSWORD]);
    const status = resolveFailedStatus(new GatewayStartError('listen_failed', `Cannot listen with password ${PASSWORD}: EADDRINUSE`), keeper.scrub);
    expect(status).toEqual({ state: 'failed', code: 'listen_failed', reason: 'Cannot listen with password [redacted]: EADDRINUSE' });
  });

  it('scrubs an unexpected error too, including a key rotated away before it', () => {
    const keeper = createSecretKeeper([PASSWORD]);
    keeper.add(['Rotated9newPassword0123']);
    const status = resolveFailedStatus(new Error(`bad value ${PASSWORD} in config`), keeper.scrub);
    expect(status).toEqual({ state: 'failed', code: 'internal', reason: 'Gateway failed to start: bad value [redacted] in config' });
  });
});
