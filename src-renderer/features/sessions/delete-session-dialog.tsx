import { useRef } from 'react';
import { Dialog } from '../../lib/dialog.js';
import { useConfirmSubmit } from '../../lib/use-confirm-submit.js';

export interface DeleteSessionDialogProps {
  sessionKey: string;
  onConfirm(): Promise<void>;
  onClose(): void;
}

/** Asks before deleting a session; Enter confirms, Escape cancels, a failure is shown in the dialog. */
export function DeleteSessionDialog({ sessionKey, onConfirm, onClose }: DeleteSessionDialogProps) {
  const confirmButton = useRef<HTMLButtonElement>(null);
  const { error, busy, onSubmit } = useConfirmSubmit(onConfirm, onClose);

  return (
    <Dialog title="Delete session?" onDismiss={busy ? undefined : onClose} initialFocus={confirmButton}>
      <form onSubmit={(event) => void onSubmit(event)}>
        <p>
          This removes <code className="mono">{sessionKey}</code> from the session store. The next message in that conversation
          starts a fresh session.
        </p>
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button ref={confirmButton} type="submit" className="button button-danger" disabled={busy}>
            Delete session
          </button>
        </div>
      </form>
    </Dialog>
  );
}
