// A small PNG encoder for the offline model: RGBA pixels in, a valid PNG out (no dependencies).
// Opaque pictures are stored as RGB; optional tEXt chunks carry plain metadata.
import { crc32, deflateSync } from 'node:zlib';

function chunk(type: string, data: Uint8Array): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(data.length, 0);
  header.write(type, 4, 'latin1');
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32BE(crc32(data, crc32(header.subarray(4))), 0);
  return Buffer.concat([header, data, checksum]);
}

function isOpaque(rgba: Uint8Array): boolean {
  for (let index = 3; index < rgba.length; index += 4) if (rgba[index] !== 255) return false;
  return true;
}

export interface EncodePngOptions {
  /** tEXt chunks (Latin-1 keyword → text), e.g. `{ Software: 'forge-offline-1' }`. */
  text?: Readonly<Record<string, string>>;
  /** zlib level, 1 (fast) – 9 (small). Default 4. */
  compressionLevel?: number;
}

/** Encodes `width × height` RGBA pixels (row-major, 4 bytes each) as an 8-bit PNG. */
export function encodePng(width: number, height: number, rgba: Uint8Array, options: EncodePngOptions = {}): Uint8Array {
  const opaque = isOpaque(rgba);
  const channels = opaque ? 3 : 4;
  const stride = width * channels;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let row = 0; row < height; row += 1) {
    const target = row * (stride + 1) + 1; // each row starts with filter byte 0 (none)
    if (!opaque) {
      raw.set(rgba.subarray(row * width * 4, (row + 1) * width * 4), target);
      continue;
    }
    let source = row * width * 4;
    for (let offset = target; offset < target + stride; offset += 3, source += 4) {
      raw[offset] = rgba[source] ?? 0;
      raw[offset + 1] = rgba[source + 1] ?? 0;
      raw[offset + 2] = rgba[source + 2] ?? 0;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = opaque ? 2 : 6; // colour type: RGB or RGBA
  const textChunks = Object.entries(options.text ?? {}).map(([keyword, text]) =>
    chunk('tEXt', Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0]), Buffer.from(text, 'latin1')])),
  );
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const imageData = deflateSync(raw, { level: options.compressionLevel ?? 4 });
  const png = Buffer.concat([signature, chunk('IHDR', header), ...textChunks, chunk('IDAT', imageData), chunk('IEND', new Uint8Array(0))]);
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}
