import { ListField, NumberField, SecretField, TextField } from './config-form.js';
import { createGatewayToken } from './gateway-token.js';
import { SettingsSection } from './settings-section.js';
import type { ConfigEditor } from './use-config-editor.js';
import { useSectionForm } from './use-section-form.js';

/** Who may reach the gateway: its address, the token or password other machines sign in with, extra origins and host names. */
export function AccessSection({ editor }: { editor: ConfigEditor }) {
  const form = useSectionForm(editor);
  return (
    <SettingsSection
      title="Access"
      intro="On this computer the dashboard needs no sign-in. To reach it from another machine, bind beyond loopback (e.g. 0.0.0.0) and set a token or password: every other client must send it."
      form={form}
      onReload={editor.reload}
    >
      <SecretField path="gateway.token" generate={() => createGatewayToken((bytes) => crypto.getRandomValues(bytes))} removable />
      <SecretField path="gateway.password" removable />
      <TextField path="gateway.host" placeholder="127.0.0.1" />
      <NumberField path="gateway.port" />
      <ListField path="gateway.allowed_origins" placeholder="https://claw.example.com" />
      <ListField path="gateway.allowed_hosts" placeholder="claw.example.com" />
    </SettingsSection>
  );
}
