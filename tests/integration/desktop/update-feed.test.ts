// The update feed read from a local HTTP server serving a latest.yml written by the test, in the
// layout electron-builder's generic provider publishes.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { readUpdateFeed, resolveFeedFileName } from '../../../src-main/core/update/update-feed.js';

const LATEST_YML = `version: 0.2.0
files:
  - url: OpenClaw-Desktop-Setup-0.2.0.exe
    sha512: 3Jx4mVb0Tq0F4s3lW3kq1w==
    size: 91234567
path: OpenClaw-Desktop-Setup-0.2.0.exe
sha512: 3Jx4mVb0Tq0F4s3lW3kq1w==
releaseDate: '2026-02-01T10:00:00.000Z'
`;

describe('reading the update feed', () => {
  const servers: http.Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  async function serve(files: Record<string, string>): Promise<{ url: string; requests: string[] }> {
    const requests: string[] = [];
    const server = http.createServer((req, res) => {
      requests.push(req.url ?? '');
      const body = files[(req.url ?? '').replace(/^\/feed\//, '')];
      if (body === undefined) {
        res.statusCode = 404;
        res.end('not found');
        return;
      }
      res.setHeader('Content-Type', 'text/yaml');
      res.end(body);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed`, requests };
  }

  it('reads version, files and release date of the stable channel from latest.yml', async () => {
    const feed = await serve({ 'latest.yml': LATEST_YML });
    const result = await readUpdateFeed({ baseUrl: feed.url, channel: 'stable', platform: 'win32', arch: 'x64' });
    expect(result).toEqual({
      version: '0.2.0',
      files: [{ url: 'OpenClaw-Desktop-Setup-0.2.0.exe', sha512: '3Jx4mVb0Tq0F4s3lW3kq1w==', size: 91234567 }],
      releaseDate: '2026-02-01T10:00:00.000Z',
    });
    expect(feed.requests).toEqual(['/feed/latest.yml']);
  });

  it('asks for the platform and channel file electron-builder writes', async () => {
    expect(resolveFeedFileName('stable', 'darwin', 'arm64')).toBe('latest-mac.yml');
    expect(resolveFeedFileName('beta', 'linux', 'x64')).toBe('beta-linux.yml');
    expect(resolveFeedFileName('stable', 'linux', 'arm64')).toBe('latest-linux-arm64.yml');
    const feed = await serve({ 'beta-mac.yml': LATEST_YML.replace('0.2.0', '0.3.0-beta.1') });
    expect((await readUpdateFeed({ baseUrl: `${feed.url}/`, channel: 'beta', platform: 'darwin', arch: 'arm64' })).version).toBe('0.3.0-beta.1');
  });

  it('a missing channel file says which URL answered 404 and which settings to check', async () => {
    const feed = await serve({});
    await expect(readUpdateFeed({ baseUrl: feed.url, channel: 'beta', platform: 'win32', arch: 'x64' })).rejects.toThrow(
      `The update feed ${feed.url}/beta.yml answered HTTP 404; check desktop.update.url and desktop.update.channel`,
    );
  });

  it('a feed that is not YAML, or lacks fields, is refused without echoing its text', async () => {
    const feed = await serve({ 'latest.yml': 'version: [unclosed secret-ish-text', 'latest-linux.yml': 'version: banana\nfiles: []\n' });
    const notYaml = readUpdateFeed({ baseUrl: feed.url, channel: 'stable', platform: 'win32', arch: 'x64' });
    await expect(notYaml).rejects.toThrow(`The update feed ${feed.url}/latest.yml is not valid YAML`);
    await expect(notYaml).rejects.not.toThrow(/secret-ish/);
    await expect(readUpdateFeed({ baseUrl: feed.url, channel: 'stable', platform: 'linux', arch: 'x64' })).rejects.toThrow(
      /is not a valid feed: version: must be a version like 1\.2\.3.*files: must list at least one file/,
    );
  });

  it('an unreachable feed says so, naming the URL', async () => {
    const feed = await serve({});
    const dead = feed.url.replace(/:\d+\//, ':9/');
    await expect(readUpdateFeed({ baseUrl: dead, channel: 'stable', platform: 'win32', arch: 'x64', timeoutMs: 2_000 })).rejects.toThrow(
      `Could not reach the update feed ${dead}/latest.yml`,
    );
  });
});
