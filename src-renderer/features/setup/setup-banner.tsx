import type { ModelStatus } from './use-model-status.js';

export interface SetupBannerProps {
  status: ModelStatus;
  /** False on the setup page itself, which needs no banner pointing at it. */
  showSetupLink: boolean;
  onOpenSetup(): void;
}

/** "Set up your assistant" while no model is configured, and the config's warnings about the default model. */
export function SetupBanner({ status, showSetupLink, onOpenSetup }: SetupBannerProps) {
  return (
    <>
      {status.needsSetup && showSetupLink ? (
        <div className="banner banner-info setup-banner" role="region" aria-label="Set up your assistant">
          <span>
            <strong>Set up your assistant.</strong> No model is configured yet, so nothing can answer: pick a model provider, and optionally a Telegram bot,
            in a few steps.
          </span>
          <button type="button" className="button button-primary button-small" onClick={onOpenSetup}>
            Start setup
          </button>
        </div>
      ) : null}
      {status.defaultWarnings.map((warning) => (
        <p key={warning.message} className="banner banner-warning" role="alert">
          {warning.message}
        </p>
      ))}
    </>
  );
}
