// Regenerates every icon in resources/icons from the SVG artwork in icon-art.ts:
//   node --import tsx resources/scripts/make-icons.ts [outDir]
// The output is deterministic, and a unit test checks the committed icons match it.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { renderAppIconSvg, renderTrayColourSvg, renderTrayTemplateSvg, TRAY_STATUSES } from './icon-art.js';
import { encodeIcns, encodeIco, ICNS_TYPES, type PngImage } from './icon-containers.js';

export const WINDOWS_TRAY_SIZES_PX = [16, 20, 24, 32, 40, 48] as const;
export const WINDOWS_APP_SIZES_PX = [16, 24, 32, 48, 64, 128, 256] as const;
export const MAC_TRAY_SIZE_PX = 16;
export const LINUX_TRAY_SIZE_PX = 24;

/** Rasterises an SVG to a square PNG of the given size (system fonts are not loaded: the art has no text). */
export function rasterise(svg: string, sizePx: number): PngImage {
  const rendered = new Resvg(svg, { fitTo: { mode: 'width', value: sizePx }, font: { loadSystemFonts: false } }).render();
  return { width: rendered.width, height: rendered.height, png: rendered.asPng() };
}

/** Renders the whole icon set as relative path → file bytes (tray per status and platform, plus app icons). */
export function renderIconSet(): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const status of TRAY_STATUSES) {
    const template = renderTrayTemplateSvg(status);
    // Electron treats a file whose name ends in "Template" as a macOS template image and picks
    // up the @2x sibling on Retina screens.
    files.set(`tray/mac/tray-${status}-Template.png`, rasterise(template, MAC_TRAY_SIZE_PX).png);
    files.set(`tray/mac/tray-${status}-Template@2x.png`, rasterise(template, MAC_TRAY_SIZE_PX * 2).png);
    const colour = renderTrayColourSvg(status);
    files.set(`tray/win/tray-${status}.ico`, encodeIco(WINDOWS_TRAY_SIZES_PX.map((size) => rasterise(colour, size))));
    files.set(`tray/linux/tray-${status}.png`, rasterise(colour, LINUX_TRAY_SIZE_PX).png);
    files.set(`tray/linux/tray-${status}@2x.png`, rasterise(colour, LINUX_TRAY_SIZE_PX * 2).png);
  }
  const app = renderAppIconSvg();
  const icnsSizes = [...new Set(ICNS_TYPES.map((entry) => entry.size))];
  files.set('app/icon.icns', encodeIcns(icnsSizes.map((size) => rasterise(app, size))));
  files.set('app/icon.ico', encodeIco(WINDOWS_APP_SIZES_PX.map((size) => rasterise(app, size))));
  files.set('app/icon-512.png', rasterise(app, 512).png);
  files.set('app/icon-1024.png', rasterise(app, 1024).png);
  return files;
}

/** Writes the icon set under outDir (created when missing) and returns the relative paths written. */
export async function writeIconSet(outDir: string): Promise<string[]> {
  const files = renderIconSet();
  for (const [relativePath, bytes] of files) {
    const target = path.join(outDir, relativePath);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, bytes);
  }
  return [...files.keys()];
}

/** The committed icon directory, resources/icons. */
export function resolveDefaultIconDir(): string {
  return path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'icons');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = path.resolve(process.argv[2] ?? resolveDefaultIconDir());
  const written = await writeIconSet(outDir);
  console.log(`Wrote ${written.length} icons to ${outDir}`);
}
