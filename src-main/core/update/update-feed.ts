import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { UpdateChannel } from '../../../src-shared/config/schema.js';
import { formatZodIssues } from '../../../src-shared/utils/zod-issues.js';

// The update feed as electron-builder's `generic` provider publishes it: `<url>/<channel file>.yml`
// beside the installers. Read here with plain fetch, so what the app would install is known (and
// tested) without Electron.

const FEED_TIMEOUT_MS = 15_000;
/** Feeds are a few hundred bytes; anything past this is not one. */
const MAX_FEED_BYTES = 256 * 1024;

export const UpdateFeedSchema = z.object({
  version: z.string().regex(/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/, 'must be a version like 1.2.3 or 1.3.0-beta.1'),
  files: z
    .array(z.object({ url: z.string().min(1), sha512: z.string().min(1), size: z.number().int().min(0).optional() }))
    .min(1, 'must list at least one file'),
  releaseDate: z.string().optional(),
});
export type UpdateFeed = z.infer<typeof UpdateFeedSchema>;

/**
 * Returns the feed file name electron-builder writes for a channel and platform: `latest.yml`
 * (Windows), `latest-mac.yml`, `latest-linux.yml` (`-linux-arm64` on arm64); `beta…` for beta.
 */
export function resolveFeedFileName(channel: UpdateChannel, platform: NodeJS.Platform, arch: string): string {
  const base = channel === 'stable' ? 'latest' : 'beta';
  if (platform === 'win32') return `${base}.yml`;
  if (platform === 'darwin') return `${base}-mac.yml`;
  return arch === 'arm64' ? `${base}-linux-arm64.yml` : `${base}-linux.yml`;
}

/**
 * Reads the feed URL electron-builder puts into a packaged app (`<resources>/app-update.yml`, from
 * the `publish` entry of electron-builder.yml); undefined when there is none (a development build).
 */
export async function readBuiltInFeedUrl(resourcesPath: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(resourcesPath, 'app-update.yml'), 'utf8');
  } catch {
    // No file: the app was built without a publish entry, or runs from source.
    return undefined;
  }
  const parsed = z.object({ provider: z.literal('generic'), url: z.url() }).safeParse(parse(text));
  return parsed.success ? parsed.data.url : undefined;
}

/**
 * Reads and validates the channel's feed from `baseUrl` (electron-builder's generic layout). Throws
 * an Error naming the feed URL and what was wrong: unreachable, an HTTP status, not YAML, or the
 * fields that do not fit (the text itself is never echoed).
 */
export async function readUpdateFeed(options: {
  baseUrl: string;
  channel: UpdateChannel;
  platform: NodeJS.Platform;
  arch: string;
  timeoutMs?: number;
}): Promise<UpdateFeed> {
  const base = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
  const url = new URL(resolveFeedFileName(options.channel, options.platform, options.arch), base).toString();
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? FEED_TIMEOUT_MS), headers: { 'Cache-Control': 'no-cache' } });
  } catch (error) {
    const reason = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw new Error(`Could not reach the update feed ${url}: ${reason}`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`The update feed ${url} answered HTTP ${response.status}; check desktop.update.url and desktop.update.channel`);
  }
  const text = await response.text();
  if (text.length > MAX_FEED_BYTES) throw new Error(`The update feed ${url} is not a feed (over ${MAX_FEED_BYTES} bytes)`);
  let document: unknown;
  try {
    document = parse(text);
  } catch {
    // The parser's message quotes the text; the URL says where to look.
    throw new Error(`The update feed ${url} is not valid YAML`);
  }
  const feed = UpdateFeedSchema.safeParse(document);
  if (!feed.success) throw new Error(`The update feed ${url} is not a valid feed: ${formatZodIssues(feed.error.issues, { root: '(feed)' })}`);
  return feed.data;
}
