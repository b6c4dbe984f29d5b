import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const require = createRequire(path.join(ROOT, 'package.json'));
// app-builder-lib (electron-builder's engine) ships the JSON schema electron-builder itself
// validates configurations against; ajv comes with it.
const scheme = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: false }).compile(scheme);

function formatErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`.trim());
}

function loadConfig(): Record<string, any> {
  return parse(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, any>;
}

describe('electron-builder.yml', () => {
  it('validates against app-builder-lib/scheme.json', () => {
    const config = loadConfig();
    const valid = validate(config);
    expect(formatErrors(validate.errors)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema check catches a misspelt key (so the test above can fail)', () => {
    const config = { ...loadConfig(), extraResource: [] };
    expect(validate(config)).toBe(false);
    expect(validate.errors?.some((error) => error.params && (error.params as { additionalProperty?: string }).additionalProperty === 'extraResource')).toBe(
      true,
    );
  });

  it('packs only the built output and package.json, into an asar', () => {
    const config = loadConfig();
    expect(config.asar).toBe(true);
    expect(config.files).toEqual([
      'package.json',
      'dist/src-main/**/*.js',
      'dist/src-shared/**/*.js',
      'dist/preload/preload.cjs',
      'dist/renderer/**/*',
    ]);
  });

  it('flips the security fuses: no run-as-node, no NODE_OPTIONS or inspect flags, asar only, asar integrity', () => {
    expect(loadConfig().electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
  });

  it('builds dmg and zip for x64 and arm64 on macOS, as a hardened, Dock-less tray app', () => {
    const { mac } = loadConfig();
    expect(mac.target).toEqual([
      { target: 'dmg', arch: ['x64', 'arm64'] },
      { target: 'zip', arch: ['x64', 'arm64'] },
    ]);
    expect(mac.hardenedRuntime).toBe(true);
    expect(mac.extendInfo.LSUIElement).toBe(true);
    expect(existsSync(path.join(ROOT, mac.entitlements))).toBe(true);
  });

  it('builds a per-user NSIS installer with a directory choice and shortcuts, plus a portable exe, on Windows', () => {
    const { win, nsis, portable } = loadConfig();
    expect(win.target.map((target: { target: string }) => target.target)).toEqual(['nsis', 'portable']);
    expect(nsis).toMatchObject({
      oneClick: false,
      perMachine: false,
      allowToChangeInstallationDirectory: true,
      createDesktopShortcut: true,
      createStartMenuShortcut: true,
    });
    // Both targets write an .exe; distinct names keep one from overwriting the other.
    expect(portable.artifactName).toContain('portable');
  });

  it('publishes a generic update feed, the URL built into the app (desktop.update.url overrides it)', () => {
    expect(loadConfig().publish).toEqual({ provider: 'generic', url: 'https://github.com/openclaw/openclaw-desktop/releases/latest/download' });
  });

  it('builds AppImage and deb on Linux', () => {
    expect(loadConfig().linux.target).toEqual(['AppImage', 'deb']);
  });

  it('points every icon and tray resource at a file or folder that exists', () => {
    const config = loadConfig();
    for (const platform of ['mac', 'win', 'linux']) {
      expect(existsSync(path.join(ROOT, config[platform].icon)), `${platform}.icon`).toBe(true);
      for (const resource of config[platform].extraResources as { from: string; to: string }[]) {
        expect(existsSync(path.join(ROOT, resource.from)), resource.from).toBe(true);
        expect(resource.to).toBe('tray');
      }
    }
  });
});
