// The Electron layer cannot run here, so its calls into Electron are checked by the compiler
// against electron's own .d.ts; these tests show the check is real: clean code compiles, and a
// wrong Electron call or a drifting preload API does not.
import path from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const ENTRY_POINTS = ['src-main/electron/main.ts', 'src-main/electron/preload.ts'].map((file) => path.join(ROOT, file));
const COMPILE_TIMEOUT_MS = 60_000;

function readMainCompilerOptions(): ts.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, 'tsconfig.main.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  if (!parsed) throw new Error('tsconfig.main.json could not be read');
  return { ...parsed.options, noEmit: true };
}

function format(diagnostics: readonly ts.Diagnostic[]): string[] {
  return diagnostics.map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (!diagnostic.file || diagnostic.start === undefined) return `TS${diagnostic.code}: ${message}`;
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return `${path.relative(ROOT, diagnostic.file.fileName)}:${line + 1}:${character + 1} TS${diagnostic.code}: ${message}`;
  });
}

describe('type-checking the Electron layer against electron.d.ts', () => {
  let options: ts.CompilerOptions;
  let baseProgram: ts.Program;

  beforeAll(() => {
    options = readMainCompilerOptions();
    baseProgram = ts.createProgram({ rootNames: ENTRY_POINTS, options });
  }, COMPILE_TIMEOUT_MS);

  // Compiles one extra in-memory file beside the real ones (reusing the parsed program).
  function compileSnippet(source: string): string[] {
    const fileName = path.join(ROOT, 'src-main/electron/__typecheck-snippet__.ts');
    const host = ts.createCompilerHost(options);
    const getSourceFile = host.getSourceFile.bind(host);
    host.fileExists = (file) => file === fileName || ts.sys.fileExists(file);
    host.readFile = (file) => (file === fileName ? source : ts.sys.readFile(file));
    host.getSourceFile = (file, languageVersion, onError, shouldCreate) =>
      file === fileName
        ? ts.createSourceFile(file, source, languageVersion, true)
        : getSourceFile(file, languageVersion, onError, shouldCreate);
    const program = ts.createProgram({ rootNames: [...ENTRY_POINTS, fileName], options, host, oldProgram: baseProgram });
    return format(ts.getPreEmitDiagnostics(program, program.getSourceFile(fileName)));
  }

  it('main.ts and preload.ts (with everything they import) compile without errors', () => {
    expect(format(ts.getPreEmitDiagnostics(baseProgram))).toEqual([]);
    const files = baseProgram.getSourceFiles().map((file) => file.fileName);
    expect(files.some((file) => file.endsWith('node_modules/electron/electron.d.ts'))).toBe(true);
  });

  it('fails on an Electron call with a wrong argument type', () => {
    const errors = compileSnippet(
      "import { app } from 'electron';\napp.setLoginItemSettings({ openAtLogin: 'yes' });\n",
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("__typecheck-snippet__.ts:2:28 TS2322: Type 'string' is not assignable to type 'boolean | undefined'");
  });

  it('fails on a misspelt Electron API and an unknown window option', () => {
    const errors = compileSnippet(
      "import { app, BrowserWindow } from 'electron';\napp.requestSingleInstanceLok();\n" +
        'new BrowserWindow({ webPreferences: { contextIsolaton: true } });\n',
    );
    expect(errors.map((error) => error.replace(/^.*? (TS\d+):.*$/s, '$1'))).toEqual(['TS2551', 'TS2561']);
  });

  it('fails when the preload API misses a DesktopApi method', () => {
    const errors = compileSnippet(
      "import type { DesktopApi } from '../../src-shared/desktop-api.js';\n" +
        'export const api: DesktopApi = {\n' +
        "  getGatewayInfo: async () => ({ status: { state: 'stopped' }, url: null, token: 't' }),\n" +
        '  startGateway: async () => undefined,\n' +
        '  openConfigFile: async () => undefined,\n' +
        "  readDesktopLog: async () => ({ file: 'desktop.log', lines: [] }),\n" +
        "  getUpdateState: async () => ({ state: 'idle' }),\n" +
        "  checkForUpdates: async () => ({ state: 'idle' }),\n" +
        '  onStatus: () => () => undefined,\n' +
        '  onUpdateState: () => () => undefined,\n' +
        '};\n',
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("TS2741: Property 'openLogsFolder' is missing");
  });
});
