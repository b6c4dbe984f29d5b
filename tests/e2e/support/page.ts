import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';

/** Where the specs save their screenshots (tests/e2e/artifacts), to be looked at, not compared. */
export const ARTIFACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');

export async function prepareArtifacts(): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
}

/** Saves a full-page screenshot as artifacts/<name>.png. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Collects console errors and page errors, CSP violations included; assert it stays empty. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** How many pixels the page scrolls sideways (0 or less: it fits the viewport's width). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Where the README's screenshots live (resources/screenshots). */
export const SCREENSHOTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'resources', 'screenshots');

/** The viewports and themes each README screenshot is taken in (the whole page, as the other screenshots): `<name>`, `<name>-dark`, `<name>-800x600`, `<name>-800x600-dark`. */
const SCREEN_VARIANTS = [
  { suffix: '', width: 1280, height: 800, colorScheme: 'light' },
  { suffix: '-dark', width: 1280, height: 800, colorScheme: 'dark' },
  { suffix: '-800x600', width: 800, height: 600, colorScheme: 'light' },
  { suffix: '-800x600-dark', width: 800, height: 600, colorScheme: 'dark' },
] as const;

/**
 * Saves the viewport as resources/screenshots/<name>*.png in light and dark at 1280×800 and 800×600,
 * then restores 1280×800 light; returns the time it took and how far the page scrolled sideways at 800 px.
 */
export async function captureScreens(page: Page, name: string): Promise<{ tookMs: number; overflowAt800: number }> {
  const started = Date.now();
  let overflowAt800 = 0;
  await mkdir(SCREENSHOTS, { recursive: true });
  for (const variant of SCREEN_VARIANTS) {
    await page.setViewportSize({ width: variant.width, height: variant.height });
    await page.emulateMedia({ colorScheme: variant.colorScheme });
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}${variant.suffix}.png`), fullPage: true });
    if (variant.width === 800) overflowAt800 = Math.max(overflowAt800, await horizontalOverflow(page));
  }
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: 'light' });
  return { tookMs: Date.now() - started, overflowAt800 };
}
