import { NumberField, SelectField } from './config-form.js';
import { SettingsSection } from './settings-section.js';
import type { ConfigEditor } from './use-config-editor.js';
import { useSectionForm } from './use-section-form.js';

/** The log level and how the session store is kept tidy. */
export function LoggingSection({ editor }: { editor: ConfigEditor }) {
  const form = useSectionForm(editor);
  return (
    <SettingsSection title="Logging and session maintenance" form={form} onReload={editor.reload}>
      <SelectField path="logging.level" />
      <SelectField path="session.maintenance.mode" />
      <NumberField path="session.maintenance.prune_after_days" />
      <NumberField path="session.maintenance.max_entries" />
      <NumberField path="session.maintenance.rotate_bytes" />
      <NumberField path="session.maintenance.rotate_backups" />
    </SettingsSection>
  );
}
