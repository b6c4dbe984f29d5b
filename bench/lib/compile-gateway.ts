import { readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** The repository root (bench/lib/..). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

async function listSources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/**
 * Transpiles src-main and src-shared (without Electron) file by file with esbuild into `outDir`
 * (what tsc emits, minus type checking), so a child runs plain node on JS as `npm run gateway` does;
 * `outDir` must be inside the repository so imports find node_modules. Returns the headless entry.
 */
export async function compileGateway(outDir: string): Promise<string> {
  await rm(outDir, { recursive: true, force: true });
  const sources = [...(await listSources(path.join(ROOT, 'src-main'))), ...(await listSources(path.join(ROOT, 'src-shared')))].filter(
    (file) => !file.includes(`${path.sep}electron${path.sep}`),
  );
  await build({ entryPoints: sources, outdir: outDir, outbase: ROOT, format: 'esm', platform: 'node', target: 'node20', bundle: false, logLevel: 'error' });
  // The compiled tree needs "type": "module" like the repo root has.
  await writeFile(path.join(outDir, 'package.json'), JSON.stringify({ type: 'module' }));
  return path.join(outDir, 'src-main', 'headless.js');
}
