// Minimal encoders for the two icon containers electron-builder and Electron read. Both simply
// wrap PNG images, which Windows (Vista and later) and macOS (10.7 and later) decode natively.

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface PngImage {
  width: number;
  height: number;
  png: Buffer;
}

/** Reads the width and height from a PNG's IHDR chunk; throws when the buffer is not a PNG. */
export function readPngSize(png: Buffer): { width: number; height: number } {
  if (png.length < 24 || !png.subarray(0, 8).equals(PNG_SIGNATURE) || png.toString('ascii', 12, 16) !== 'IHDR') {
    throw new Error('Not a PNG image (missing signature or IHDR chunk)');
  }
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/**
 * Encodes square PNG images (1 to 256 px) as a Windows .ico file with one PNG-compressed entry
 * per image, in the order given; throws on a size .ico cannot describe.
 */
export function encodeIco(images: readonly PngImage[]): Buffer {
  const HEADER_BYTES = 6;
  const ENTRY_BYTES = 16;
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1 = icon (2 would be cursor)
  header.writeUInt16LE(images.length, 4);
  const entries: Buffer[] = [];
  let offset = HEADER_BYTES + ENTRY_BYTES * images.length;
  for (const image of images) {
    if (image.width !== image.height || image.width < 1 || image.width > 256) {
      throw new Error(`.ico entries must be square and 1-256 px (got ${image.width}x${image.height})`);
    }
    const entry = Buffer.alloc(ENTRY_BYTES);
    entry.writeUInt8(image.width % 256, 0); // 0 means 256
    entry.writeUInt8(image.height % 256, 1);
    entry.writeUInt8(0, 2);
    entry.writeUInt8(0, 3);
    entry.writeUInt16LE(1, 4);
    entry.writeUInt16LE(32, 6);
    entry.writeUInt32LE(image.png.length, 8);
    entry.writeUInt32LE(offset, 12);
    entries.push(entry);
    offset += image.png.length;
  }
  return Buffer.concat([header, ...entries, ...images.map((image) => image.png)]);
}

// OSTypes for PNG payloads in an .icns file, by pixel size; the @2x types hold the same pixels
// as the next size up but tell macOS to use them on Retina displays.
export const ICNS_TYPES = [
  { type: 'icp4', size: 16 },
  { type: 'icp5', size: 32 },
  { type: 'ic11', size: 32 },
  { type: 'ic12', size: 64 },
  { type: 'ic07', size: 128 },
  { type: 'ic13', size: 256 },
  { type: 'ic08', size: 256 },
  { type: 'ic14', size: 512 },
  { type: 'ic09', size: 512 },
  { type: 'ic10', size: 1024 },
] as const;

/** Encodes PNG images as a macOS .icns file with one entry per ICNS_TYPES row; throws when a needed size is missing. */
export function encodeIcns(images: readonly PngImage[]): Buffer {
  const chunks: Buffer[] = [];
  for (const { type, size } of ICNS_TYPES) {
    const image = images.find((candidate) => candidate.width === size && candidate.height === size);
    if (!image) throw new Error(`.icns needs a ${size}x${size} PNG for ${type}`);
    const header = Buffer.alloc(8);
    header.write(type, 0, 'ascii');
    header.writeUInt32BE(8 + image.png.length, 4);
    chunks.push(header, image.png);
  }
  const body = Buffer.concat(chunks);
  const header = Buffer.alloc(8);
  header.write('icns', 0, 'ascii');
  header.writeUInt32BE(8 + body.length, 4);
  return Buffer.concat([header, body]);
}
