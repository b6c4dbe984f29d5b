import type { SessionStoreRecovery } from '../../../src-shared/protocol/http.js';
import { formatTimestamp } from '../../lib/format.js';

/** The store's own file name: the moved file is `<store>.corrupt-<ms>[-n]` beside it (session.store may name any file). */
function resolveStoreFileName(movedTo: string): string {
  const name = movedTo.split(/[\\/]/).pop() ?? movedTo;
  return name.replace(/\.corrupt-\d+(-\d+)?$/, '');
}

/** Says that the session store was unreadable and moved aside, naming the moved file and how to get its sessions back. */
export function StoreRecoveryNotice({ recovery }: { recovery: SessionStoreRecovery }) {
  return (
    <section className="banner banner-warning recovery-notice" aria-labelledby="store-recovery-title">
      <h2 id="store-recovery-title" className="recovery-title">
        The session store could not be read
      </h2>
      <p>
        At {formatTimestamp(recovery.at)} the gateway found it unreadable ({recovery.reason}) and moved it aside, bytes untouched, to{' '}
        <code className="mono break">{recovery.moved_to}</code>. A new, empty store took its place, so the sessions in the moved file
        are not listed here. To get them back, fix the JSON in that file and move it back over{' '}
        <code className="mono">{resolveStoreFileName(recovery.moved_to)}</code>.
      </p>
    </section>
  );
}
