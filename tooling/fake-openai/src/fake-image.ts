// The pictures the fake server returns: real, decodable images of the requested size and
// format (a gradient tinted by the prompt; partial frames are coarser), cached by shape.
import { crc32, deflateSync } from 'node:zlib';

export type FakeImageFormat = 'png' | 'jpeg' | 'webp';

function chunk(type: string, data: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(data.length, 0);
  header.write(type, 4, 'latin1');
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32BE(crc32(Buffer.concat([header.subarray(4), data])), 0);
  return Buffer.concat([header, data, checksum]);
}

/** Encodes RGB (3 channels) or RGBA (4) pixels as an 8-bit PNG. */
export function encodeRgbPng(width: number, height: number, rgb: Uint8Array, channels: 3 | 4 = 3): Buffer {
  const stride = width * channels;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let row = 0; row < height; row += 1) {
    raw.set(rgb.subarray(row * stride, (row + 1) * stride), row * (stride + 1) + 1);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = channels === 4 ? 6 : 2;
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 1 })), chunk('IEND', Buffer.alloc(0))]);
}

function hueOf(prompt: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(prompt)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash % 360;
}

function channel(hue: number, offset: number, lightness: number): number {
  const value = 0.5 + 0.5 * Math.cos(((hue + offset) * Math.PI) / 180);
  return Math.round(255 * Math.min(1, Math.max(0, value * 0.7 + lightness * 0.3)));
}

/**
 * Draws the fake picture: `stage` 0, 1, 2 are ever finer partial frames; `final` is sharp. A
 * transparent one is an ellipse (the "subject") on see-through pixels, as a cut-out would be.
 */
function drawPixels(prompt: string, width: number, height: number, stage: number | 'final', transparent: boolean): Uint8Array {
  const hue = hueOf(prompt);
  const block = stage === 'final' ? 1 : Math.max(1, Math.round(Math.min(width, height) / (8 << stage)));
  const channels = transparent ? 4 : 3;
  const pixels = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y += 1) {
    const blockY = y - (y % block);
    for (let x = 0; x < width; x += 1) {
      const blockX = x - (x % block);
      const t = (blockX / width + blockY / height) / 2;
      const offset = (y * width + x) * channels;
      pixels[offset] = channel(hue + t * 90, 0, t);
      pixels[offset + 1] = channel(hue + t * 90, 120, t);
      pixels[offset + 2] = channel(hue + t * 90, 240, t);
      if (transparent) {
        const dx = (blockX + 0.5) / width - 0.5;
        const dy = (blockY + 0.5) / height - 0.5;
        pixels[offset + 3] = dx * dx + dy * dy <= 0.16 ? 255 : 0;
      }
    }
  }
  return pixels;
}

const cache = new Map<string, Promise<Buffer>>();
const cacheLimit = 48;

async function encode(pixels: Uint8Array, width: number, height: number, format: FakeImageFormat, channels: 3 | 4): Promise<Buffer> {
  if (format === 'png') return encodeRgbPng(width, height, pixels, channels);
  const { default: sharp } = await import('sharp');
  const image = sharp(Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength), { raw: { width, height, channels } });
  return format === 'jpeg' ? image.jpeg({ quality: 80 }).toBuffer() : image.webp({ quality: 80 }).toBuffer();
}

export interface FakeImageRequest {
  prompt: string;
  width: number;
  height: number;
  format: FakeImageFormat;
  stage: number | 'final';
  /** See-through pixels around the subject (PNG and WebP only; JPEG has no alpha). */
  transparent?: boolean;
}

/** The bytes of one fake picture; repeated requests for the same picture are served from memory. */
export function renderFakeImage(request: FakeImageRequest): Promise<Buffer> {
  const transparent = request.transparent === true && request.format !== 'jpeg';
  const key = `${request.prompt}\u0000${request.width}x${request.height}\u0000${request.format}\u0000${request.stage}\u0000${String(transparent)}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const rendered = encode(drawPixels(request.prompt, request.width, request.height, request.stage, transparent), request.width, request.height, request.format, transparent ? 4 : 3);
  if (cache.size >= cacheLimit) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(key, rendered);
  return rendered;
}
