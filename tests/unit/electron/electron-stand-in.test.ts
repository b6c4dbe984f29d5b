// The Electron stand-in the smoke test runs the app under: typed as electron's own exports, and
// providing every value the main process imports from electron (the preload runs in the page, not here).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createElectronStandIn, type ElectronStandInExport } from '../../fixtures/electron/electron-stand-in.js';

const ELECTRON_DIR = path.resolve(import.meta.dirname, '../../../src-main/electron');

/** The value (not type-only) names a main-process file imports from 'electron'. */
function electronValueImports(source: string): string[] {
  const names: string[] = [];
  for (const match of source.matchAll(/^import (?!type )\{([^}]*)\} from 'electron';$/gm)) {
    for (const part of (match[1] ?? '').split(',')) {
      const name = part.trim();
      if (name !== '' && !name.startsWith('type ')) names.push(name);
    }
  }
  return names;
}

describe('the Electron stand-in', () => {
  const standIn = createElectronStandIn({ report: () => undefined, userData: '/nonexistent', appPath: '/nonexistent', version: '0.0.0', name: 'test' });

  it('is typed as electron\'s own exports (checked by the compiler)', () => {
    const typed: Pick<typeof import('electron'), ElectronStandInExport> = standIn.module;
    expect(Object.keys(typed).sort()).toEqual(Object.keys(standIn.module).sort());
  });

  it('provides every value src-main/electron imports from electron', async () => {
    const files = (await readdir(ELECTRON_DIR)).filter((file) => file.endsWith('.ts') && file !== 'preload.ts');
    const imported = new Set<string>();
    for (const file of files) for (const name of electronValueImports(await readFile(path.join(ELECTRON_DIR, file), 'utf8'))) imported.add(name);
    expect(imported.size).toBeGreaterThan(5);
    expect([...imported].filter((name) => !Object.hasOwn(standIn.module, name))).toEqual([]);
  });
});
