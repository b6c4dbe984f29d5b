import { useCallback, useEffect, useState } from 'react';
import type { DesktopApi } from '../../../src-shared/desktop-api.js';
import type { UpdateState } from '../../../src-shared/desktop-update.js';
import { describeError } from '../../lib/describe-error.js';

export interface DesktopUpdate {
  /** The app's update state; undefined until the bridge answered, and always in a browser. */
  state: UpdateState | undefined;
  /** Why the bridge could not be asked. */
  error: string | undefined;
  checking: boolean;
  /** Settings' "Check now": checks the feed at once (the state follows through onUpdateState). */
  checkNow(): void;
}

/** Follows the desktop app's update state through the preload's bridge (nothing in a browser, where `desktop` is undefined). */
export function useDesktopUpdate(desktop: DesktopApi | undefined): DesktopUpdate {
  const [state, setState] = useState<UpdateState | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [checking, setChecking] = useState(false);

  useEffect(() => {
    if (!desktop) return undefined;
    let active = true;
    // Subscribed first, so a change between the two calls is not missed; the push wins over the answer.
    let pushed = false;
    const unsubscribe = desktop.onUpdateState((next) => {
      pushed = true;
      if (active) setState(next);
    });
    desktop.getUpdateState().then(
      (current) => {
        if (active && !pushed) setState(current);
      },
      (failure: unknown) => {
        if (active) setError(describeError(failure));
      },
    );
    return () => {
      active = false;
      unsubscribe();
    };
  }, [desktop]);

  const checkNow = useCallback(() => {
    if (!desktop) return;
    setChecking(true);
    setError(undefined);
    desktop
      .checkForUpdates()
      .then(setState, (failure: unknown) => setError(describeError(failure)))
      .finally(() => setChecking(false));
  }, [desktop]);

  return { state, error, checking, checkNow };
}
