import type { DesktopApi } from '../../../src-shared/desktop-api.js';
import { formatUpdateState } from '../../../src-shared/desktop-update.js';
import { CheckboxField, FieldFrame, SelectField, TextField, useConfigForm } from './config-form.js';
import { SettingsSection } from './settings-section.js';
import type { ConfigEditor } from './use-config-editor.js';
import { useDesktopUpdate } from './use-desktop-update.js';
import { useSectionForm } from './use-section-form.js';

const SHORTCUT_PATH = 'desktop.quick_chat_shortcut';

/** The quick chat shortcut: unlike other text fields an empty value is kept, since it turns the shortcut off. */
function ShortcutField() {
  const form = useConfigForm();
  return (
    <FieldFrame path={SHORTCUT_PATH} label="Quick chat shortcut">
      {(control, value) => (
        <input
          {...control}
          type="text"
          spellCheck={false}
          placeholder="off"
          value={typeof value === 'string' ? value : ''}
          onChange={(event) => form.change(SHORTCUT_PATH, event.target.value)}
        />
      )}
    </FieldFrame>
  );
}

/** What the running app says about updates, with "Check now"; shown only inside the desktop app. */
function UpdateStatus({ desktop }: { desktop: DesktopApi }) {
  const update = useDesktopUpdate(desktop);
  return (
    <section className="panel settings-section" aria-label="Updates">
      <h2 className="panel-title">Updates</h2>
      <p className="muted" role="status">
        {update.error ? `Could not ask the app: ${update.error}` : update.state ? formatUpdateState(update.state) : 'Asking the app…'}
      </p>
      <button
        type="button"
        className="button button-small"
        onClick={update.checkNow}
        disabled={update.checking || update.state?.state === 'checking' || update.state?.state === 'downloading'}
      >
        Check now
      </button>
    </section>
  );
}

export interface DesktopSettingsSectionProps {
  editor: ConfigEditor;
  /** The preload's bridge inside the desktop app; undefined in a browser, where the update state is not shown. */
  desktop: DesktopApi | undefined;
}

/** The desktop app's settings: its update state, and the desktop.* keys (notifications, quick chat, updates), written like every section. */
export function DesktopSettingsSection({ editor, desktop }: DesktopSettingsSectionProps) {
  const form = useSectionForm(editor);
  return (
    <>
      {desktop ? <UpdateStatus desktop={desktop} /> : null}
      <SettingsSection
        title="Desktop app"
        intro="Used by the OpenClaw Desktop tray app; a gateway run from the command line ignores them."
        form={form}
        onReload={editor.reload}
      >
        <CheckboxField path="desktop.start_gateway_on_launch" label="Start the gateway when the app launches" />
        <CheckboxField path="desktop.notifications.pairing_requests" label="Notify: Telegram pairing requests" />
        <CheckboxField path="desktop.notifications.gateway_failures" label="Notify: the gateway failed" />
        <CheckboxField path="desktop.notifications.bot_failures" label="Notify: a Telegram bot failed" />
        <CheckboxField path="desktop.notifications.update_ready" label="Notify: an update is ready" />
        <ShortcutField />
        <CheckboxField path="desktop.update.auto" label="Check for updates automatically" />
        <SelectField path="desktop.update.channel" label="Update channel" />
        <TextField path="desktop.update.url" label="Update feed URL" placeholder="the feed built into the app" />
      </SettingsSection>
    </>
  );
}
