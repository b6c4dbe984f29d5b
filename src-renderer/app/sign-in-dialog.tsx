import { useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { ClientCredentials } from '../../src-shared/client/http-api.js';
import { Dialog } from '../lib/dialog.js';

export interface SignInDialogProps {
  gatewayUrl: string;
  /** The gateway's refusal of the last attempt, if any. */
  error: string | null;
  busy: boolean;
  onSubmit(credentials: ClientCredentials): void;
  onCancel(): void;
}

/** Asks for the gateway's token or password; what is typed stays in this tab (sessionStorage), never in the URL. */
export function SignInDialog({ gatewayUrl, error, busy, onSubmit, onCancel }: SignInDialogProps) {
  const [kind, setKind] = useState<'token' | 'password'>('token');
  const [secret, setSecret] = useState('');
  const [missing, setMissing] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const errorId = useId();

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (secret === '') {
      setMissing(true);
      input.current?.focus();
      return;
    }
    setMissing(false);
    onSubmit(kind === 'token' ? { token: secret } : { password: secret });
  }

  const message = missing ? `Enter the gateway's ${kind}.` : error;

  return (
    <Dialog title="Sign in to the gateway" onDismiss={onCancel} initialFocus={input}>
      <form onSubmit={submit} autoComplete="off">
        <p>
          <span className="mono">{gatewayUrl}</span> is not reached from this computer's loopback address, so it asks for the{' '}
          <code className="mono">gateway.token</code> or <code className="mono">gateway.password</code> from its config file. It is
          kept for this tab only.
        </p>
        <fieldset className="radio-row">
          <legend className="field-label">Sign in with</legend>
          <label>
            <input type="radio" name="kind" value="token" checked={kind === 'token'} onChange={() => setKind('token')} /> Token
          </label>
          <label>
            <input type="radio" name="kind" value="password" checked={kind === 'password'} onChange={() => setKind('password')} /> Password
          </label>
        </fieldset>
        <label className="field-label" htmlFor={inputId}>
          {kind === 'token' ? 'Gateway token' : 'Gateway password'}
        </label>
        <input
          ref={input}
          id={inputId}
          type="password"
          value={secret}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={message !== null}
          aria-describedby={message ? errorId : undefined}
          onChange={(event) => setSecret(event.target.value)}
        />
        {message ? (
          <p id={errorId} className="field-error" role="alert">
            {message}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
