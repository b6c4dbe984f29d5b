import { useId, useState } from 'react';
import type { DmPolicy } from '../../../src-shared/types/base.js';
import { DmPolicySchema } from '../../../src-shared/types/base.js';
import type { TelegramVerifyParams, TelegramVerifyResult } from '../../../src-shared/protocol/settings.js';
import { describeError } from '../../lib/describe-error.js';
import { useGatewayClient } from '../../lib/gateway-context.js';

/** One sentence per DM policy: what a stranger who writes to the bot experiences. */
export const DM_POLICY_EXPLANATIONS: Readonly<Record<DmPolicy, string>> = {
  pairing: 'Someone new gets a pairing code and waits until you approve them in Channels (recommended).',
  allowlist: 'Only the Telegram user ids or @usernames you list may write; everyone else is ignored.',
  open: 'Anyone who finds the bot can chat with it, and spend your model budget.',
  disabled: 'The bot ignores direct messages (groups only).',
};

export interface DmPolicyChoiceProps {
  value: DmPolicy;
  onChange(value: DmPolicy): void;
  name: string;
}

/** The DM policies as radio buttons, each with its one-sentence explanation. */
export function DmPolicyChoice({ value, onChange, name }: DmPolicyChoiceProps) {
  return (
    <fieldset className="choice-list">
      <legend className="field-label">Who may message the bot directly</legend>
      {DmPolicySchema.options.map((policy) => (
        <label key={policy} className="choice">
          <input type="radio" name={name} value={policy} checked={value === policy} onChange={() => onChange(policy)} />
          <span>
            <strong>{policy}</strong> <span className="muted">{DM_POLICY_EXPLANATIONS[policy]}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

/** The result of a verify in words: the bot's @username and whether it sees all group messages. */
export function describeTelegramVerify(result: TelegramVerifyResult): string {
  if (!result.ok) return result.error ?? 'Telegram did not accept the token.';
  const name = result.username ? `@${result.username}` : 'The bot';
  if (result.can_read_all_group_messages === undefined) return `${name} is ready.`;
  return result.can_read_all_group_messages
    ? `${name} is ready. It reads every message in groups it is in.`
    : `${name} is ready. Privacy mode is on: in groups it sees only commands, mentions and replies to it (turn it off with @BotFather → /setprivacy).`;
}

export interface TelegramVerifyButtonProps {
  /** The params to verify with, or a reason it cannot be verified yet (no token typed). */
  params(): TelegramVerifyParams | string;
  onVerified?(result: TelegramVerifyResult): void;
}

/** Verify: asks the gateway to call getMe with the token and shows who the bot is, or why it failed. */
export function TelegramVerifyButton({ params, onVerified }: TelegramVerifyButtonProps) {
  const client = useGatewayClient();
  const [state, setState] = useState<{ phase: 'idle' | 'busy' } | { phase: 'done'; ok: boolean; text: string }>({ phase: 'idle' });
  const id = useId();

  async function verify(): Promise<void> {
    const request = params();
    if (typeof request === 'string') {
      setState({ phase: 'done', ok: false, text: request });
      return;
    }
    setState({ phase: 'busy' });
    try {
      const result = await client.request('telegram.verify', request);
      setState({ phase: 'done', ok: result.ok, text: describeTelegramVerify(result) });
      onVerified?.(result);
    } catch (error) {
      setState({ phase: 'done', ok: false, text: `Could not verify: ${describeError(error)}` });
    }
  }

  return (
    <div className="verify-row">
      <button type="button" className="button button-small" disabled={state.phase === 'busy'} aria-describedby={id} onClick={() => void verify()}>
        {state.phase === 'busy' ? 'Verifying…' : 'Verify'}
      </button>
      <span id={id} className={state.phase === 'done' ? (state.ok ? 'field-status' : 'field-error') : 'muted'} role="status">
        {state.phase === 'done' ? state.text : ''}
      </span>
    </div>
  );
}
