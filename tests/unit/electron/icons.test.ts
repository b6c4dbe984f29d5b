import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TRAY_STATUSES } from '../../../resources/scripts/icon-art.js';
import { encodeIcns, encodeIco, ICNS_TYPES, readPngSize } from '../../../resources/scripts/icon-containers.js';
import {
  rasterise,
  renderIconSet,
  resolveDefaultIconDir,
  WINDOWS_APP_SIZES_PX,
  WINDOWS_TRAY_SIZES_PX,
} from '../../../resources/scripts/make-icons.js';
import { decodeRgbaPng } from './png-decode.js';

function readIco(ico: Buffer): { width: number; height: number; png: Buffer }[] {
  expect(ico.readUInt16LE(0)).toBe(0);
  expect(ico.readUInt16LE(2)).toBe(1);
  const count = ico.readUInt16LE(4);
  return Array.from({ length: count }, (_, index) => {
    const entry = 6 + index * 16;
    const size = ico.readUInt32LE(entry + 8);
    const offset = ico.readUInt32LE(entry + 12);
    return { width: ico.readUInt8(entry) || 256, height: ico.readUInt8(entry + 1) || 256, png: ico.subarray(offset, offset + size) };
  });
}

function readIcns(icns: Buffer): { type: string; png: Buffer }[] {
  expect(icns.toString('ascii', 0, 4)).toBe('icns');
  expect(icns.readUInt32BE(4)).toBe(icns.length);
  const entries: { type: string; png: Buffer }[] = [];
  for (let offset = 8; offset < icns.length; ) {
    const length = icns.readUInt32BE(offset + 4);
    entries.push({ type: icns.toString('ascii', offset, offset + 4), png: icns.subarray(offset + 8, offset + length) });
    offset += length;
  }
  return entries;
}

describe('icon set', () => {
  let files: Map<string, Buffer>;
  beforeAll(() => {
    files = renderIconSet();
  });
  const file = (relativePath: string): Buffer => {
    const bytes = files.get(relativePath);
    if (!bytes) throw new Error(`icon set has no ${relativePath}`);
    return bytes;
  };

  it('matches the icons committed in resources/icons byte for byte (run make-icons.ts after changing the art)', () => {
    const iconDir = resolveDefaultIconDir();
    for (const [relativePath, bytes] of files) {
      expect(readFileSync(path.join(iconDir, relativePath)).equals(bytes), relativePath).toBe(true);
    }
  });

  it('has macOS tray template images at 16 px and @2x 32 px, black plus alpha only, for every status', () => {
    for (const status of TRAY_STATUSES) {
      for (const [suffix, size] of [['', 16], ['@2x', 32]] as const) {
        const image = decodeRgbaPng(file(`tray/mac/tray-${status}-Template${suffix}.png`));
        expect([image.width, image.height]).toEqual([size, size]);
        let opaque = 0;
        for (let i = 0; i < image.rgba.length; i += 4) {
          expect([image.rgba[i], image.rgba[i + 1], image.rgba[i + 2]]).toEqual([0, 0, 0]);
          if ((image.rgba[i + 3] ?? 0) > 0) opaque++;
        }
        expect(opaque).toBeGreaterThan(size);
      }
    }
  });

  it('draws a different tray image for each status on every platform', () => {
    for (const pattern of ['tray/mac/tray-%-Template.png', 'tray/win/tray-%.ico', 'tray/linux/tray-%.png']) {
      const variants = TRAY_STATUSES.map((status) => file(pattern.replace('%', status)).toString('base64'));
      expect(new Set(variants).size, pattern).toBe(TRAY_STATUSES.length);
    }
  });

  it('has Windows tray .ico files holding a PNG at each DPI size', () => {
    for (const status of TRAY_STATUSES) {
      const entries = readIco(file(`tray/win/tray-${status}.ico`));
      expect(entries.map((entry) => entry.width)).toEqual([...WINDOWS_TRAY_SIZES_PX]);
      for (const entry of entries) expect(readPngSize(entry.png)).toEqual({ width: entry.width, height: entry.height });
    }
  });

  it('has Linux tray PNGs at 24 px and @2x 48 px', () => {
    for (const status of TRAY_STATUSES) {
      expect(readPngSize(file(`tray/linux/tray-${status}.png`))).toEqual({ width: 24, height: 24 });
      expect(readPngSize(file(`tray/linux/tray-${status}@2x.png`))).toEqual({ width: 48, height: 48 });
    }
  });

  it('has app icons: .icns with every macOS size, .ico up to 256 px, and 512/1024 px PNGs', () => {
    const icns = readIcns(file('app/icon.icns'));
    expect(icns.map((entry) => entry.type)).toEqual(ICNS_TYPES.map((entry) => entry.type));
    icns.forEach((entry, index) => {
      const size = ICNS_TYPES[index]?.size;
      expect(readPngSize(entry.png), entry.type).toEqual({ width: size, height: size });
    });
    const ico = readIco(file('app/icon.ico'));
    expect(ico.map((entry) => entry.width)).toEqual([...WINDOWS_APP_SIZES_PX]);
    expect(readPngSize(file('app/icon-512.png'))).toEqual({ width: 512, height: 512 });
    expect(readPngSize(file('app/icon-1024.png'))).toEqual({ width: 1024, height: 1024 });
  });
});

describe('icon containers reject what they cannot encode', () => {
  const square16 = rasterise('<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"/>', 16);

  it('.ico refuses images over 256 px', () => {
    const big = rasterise('<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"/>', 512);
    expect(() => encodeIco([square16, big])).toThrow('.ico entries must be square and 1-256 px (got 512x512)');
  });

  it('.ico refuses non-square images', () => {
    expect(() => encodeIco([{ ...square16, height: 8 }])).toThrow('.ico entries must be square and 1-256 px (got 16x8)');
  });

  it('.icns names the first missing size', () => {
    expect(() => encodeIcns([square16])).toThrow('.icns needs a 32x32 PNG for icp5');
  });

  it('readPngSize refuses a file that is not a PNG', () => {
    expect(() => readPngSize(Buffer.from('GIF89a........................'))).toThrow('Not a PNG image');
  });
});
