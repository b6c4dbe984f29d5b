import { useState, type FormEvent } from 'react';
import { describeError } from './describe-error.js';

/** A confirmation dialog's submit: runs `onConfirm`, closes on success, keeps the dialog open with the error on failure. */
export function useConfirmSubmit(onConfirm: () => Promise<unknown>, onClose: () => void): {
  error: string | null;
  busy: boolean;
  onSubmit(event: FormEvent<HTMLFormElement>): Promise<void>;
} {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function onSubmit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    setBusy(true);
    try {
      await onConfirm();
      onClose();
    } catch (failure) {
      setError(describeError(failure));
      setBusy(false);
    }
  }
  return { error, busy, onSubmit };
}
