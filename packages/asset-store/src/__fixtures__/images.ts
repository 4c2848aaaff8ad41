// Real test images made with sharp: solid colours, and noise that does not compress
// (to fill a small disk or make a file big enough to be caught half-written).
import { randomBytes } from 'node:crypto';

import sharp from 'sharp';

export async function solidPng(width = 64, height = 48, colour = { r: 200, g: 80, b: 40 }): Promise<Uint8Array> {
  return new Uint8Array(await sharp({ create: { width, height, channels: 3, background: colour } }).png().toBuffer());
}

export async function solidJpeg(width = 64, height = 48): Promise<Uint8Array> {
  return new Uint8Array(await sharp({ create: { width, height, channels: 3, background: { r: 20, g: 120, b: 220 } } }).jpeg().toBuffer());
}

export async function solidWebp(width = 64, height = 48, options: { lossless?: boolean; alpha?: boolean } = {}): Promise<Uint8Array> {
  const channels = options.alpha === true ? 4 : 3;
  const background = options.alpha === true ? { r: 40, g: 200, b: 90, alpha: 0.5 } : { r: 40, g: 200, b: 90 };
  return new Uint8Array(await sharp({ create: { width, height, channels, background } }).webp({ lossless: options.lossless === true }).toBuffer());
}

/** A PNG of random pixels: about width × height × 3 bytes, whatever the compressor does. */
export async function noisePng(width: number, height: number): Promise<Uint8Array> {
  const pixels = randomBytes(width * height * 3);
  return new Uint8Array(await sharp(pixels, { raw: { width, height, channels: 3 } }).png({ compressionLevel: 1 }).toBuffer());
}
