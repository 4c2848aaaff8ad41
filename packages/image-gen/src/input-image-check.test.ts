import { crc32, deflateSync } from 'node:zlib';

import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

import { ImageGenerationError } from './image-generation-error.ts';
import { checkInputImage, countGifFrames, maxInputImageBytes, maxInputImagePixels } from './input-image-check.ts';

function solid(format: 'png' | 'jpeg' | 'webp', width = 40, height = 30, alpha = false): Promise<Buffer> {
  const image = sharp({ create: { width, height, channels: alpha ? 4 : 3, background: alpha ? { r: 200, g: 40, b: 40, alpha: 0.5 } : '#c0ffee' } });
  return (format === 'png' ? image.png() : format === 'jpeg' ? image.jpeg() : image.webp({ lossless: alpha })).toBuffer();
}

function chunk(type: string, data: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(data.length, 0);
  header.write(type, 4, 'latin1');
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32BE(crc32(Buffer.concat([header.subarray(4), data])), 0);
  return Buffer.concat([header, data, checksum]);
}

/** A PNG whose header claims `width × height` but holds only a few bytes of (compressed) pixels: a bomb's shape. */
function pngClaiming(width: number, height: number, extra: Buffer[] = []): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    ...extra,
    chunk('IDAT', deflateSync(Buffer.alloc(64))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function animated(format: 'gif' | 'webp'): Promise<Buffer> {
  const frames = await Promise.all(['#f00', '#00f'].map((background) => sharp({ create: { width: 8, height: 8, channels: 4, background } }).png().toBuffer()));
  const joined = sharp(frames, { join: { animated: true } });
  return format === 'gif' ? joined.gif().toBuffer() : joined.webp().toBuffer();
}

const neverDecode = (): never => {
  throw new Error('decoded although the header already said no');
};

async function refusal(bytes: Uint8Array, name?: string, options: Parameters<typeof checkInputImage>[1] = {}): Promise<string> {
  try {
    await checkInputImage(bytes, { ...options, ...(name === undefined ? {} : { name }) });
  } catch (error) {
    expect(ImageGenerationError.isInstance(error)).toBe(true);
    expect((error as ImageGenerationError).code).toBe('invalid_request');
    expect((error as ImageGenerationError).retryable).toBe(false);
    return (error as Error).message;
  }
  throw new Error('accepted');
}

describe('checkInputImage', () => {
  it.each([
    ['png', 'image/png'],
    ['jpeg', 'image/jpeg'],
    ['webp', 'image/webp'],
  ] as const)('takes a real %s and reads its type, size and transparency from the pixels', async (format, mediaType) => {
    const bytes = await solid(format, 40, 30);
    expect(await checkInputImage(bytes, { name: 'sketch.bin' })).toEqual({ mediaType, width: 40, height: 30, size: bytes.length, hasTransparency: false });
  });

  it('says when some pixel is see-through', async () => {
    expect((await checkInputImage(await solid('png', 8, 8, true))).hasTransparency).toBe(true);
    expect((await checkInputImage(await solid('webp', 8, 8, true))).hasTransparency).toBe(true);
  });

  it('reads transparency from the pixels, not from the alpha channel being there', async () => {
    const pixels = Buffer.alloc(16 * 16 * 4, 255);
    const opaqueWithAlpha = await sharp(pixels, { raw: { width: 16, height: 16, channels: 4 } }).png().toBuffer();
    expect((await sharp(opaqueWithAlpha).metadata()).hasAlpha).toBe(true);
    expect((await checkInputImage(opaqueWithAlpha)).hasTransparency).toBe(false);
    // One pixel in the last row, nearly opaque.
    pixels[pixels.length - 1] = 254;
    expect((await checkInputImage(await sharp(pixels, { raw: { width: 16, height: 16, channels: 4 } }).png().toBuffer())).hasTransparency).toBe(true);
  });

  it('judges by content, not by name: a JPEG called .png is taken as the JPEG it is', async () => {
    expect((await checkInputImage(await solid('jpeg'), { name: 'photo.png' })).mediaType).toBe('image/jpeg');
  });

  it('refuses a file over 20 MB before looking inside it, saying how big it is', async () => {
    const huge = new Uint8Array(25 * 1024 * 1024);
    huge.set(await solid('png'));
    expect(await refusal(huge, 'poster.png', { loadSharp: neverDecode })).toBe('poster.png is 25 MB; Forge takes images up to 20 MB. Attach a smaller or more compressed copy.');
    expect(maxInputImageBytes).toBe(20 * 1024 * 1024);
    // Exactly the limit is allowed through; one byte more is not, and does not read as the limit.
    const atLimit = new Uint8Array(2048);
    atLimit.set(await solid('png'));
    expect((await checkInputImage(atLimit, { maxBytes: 2048 })).size).toBe(2048);
    expect(await refusal(new Uint8Array(2049), 'a.png', { maxBytes: 2048 })).toBe('a.png is 2.1 KB; Forge takes images up to 2 KB. Attach a smaller or more compressed copy.');
    expect(await refusal(new Uint8Array(maxInputImageBytes + 1), 'b.png', { loadSharp: neverDecode })).toBe('b.png is 20.1 MB; Forge takes images up to 20 MB. Attach a smaller or more compressed copy.');
  });

  it('refuses a file called .png that is a web page, naming both', async () => {
    const html = new TextEncoder().encode('\uFEFF  <!DOCTYPE html><html><body><script>alert(1)</script></body></html>');
    expect(await refusal(html, 'sketch.png', { loadSharp: neverDecode })).toBe(
      'sketch.png is a web page (HTML), not an image Forge can use. Its name says PNG, but its content is a web page (HTML). Attach a PNG, JPEG or WebP image.',
    );
    expect(await refusal(new TextEncoder().encode('<html lang="en">'))).toMatch(/^The image is a web page \(HTML\), not an image Forge can use\. Attach/);
  });

  it.each([
    ['<svg xmlns="http://www.w3.org/2000/svg"/>', 'an SVG drawing'],
    ['<?xml version="1.0"?><svg/>', 'an SVG drawing'],
    ['<note>hi</note>', 'XML or HTML text'],
    ['%PDF-1.7', 'a PDF document'],
    ['BM\u0000\u0000', 'a BMP'],
  ])('names what %j is', async (text, what) => {
    expect(await refusal(new TextEncoder().encode(text), 'x.webp')).toContain(`x.webp is ${what}, not an image Forge can use. Its name says WebP, but its content is ${what}.`);
  });

  it('refuses other binaries without guessing, and says what their name claimed', async () => {
    expect(await refusal(Buffer.from([0x00, 0x01, 0x02, 0x03, 0x04]), 'scan.jpg')).toBe(
      'scan.jpg is not a PNG, JPEG or WebP image. Its name says JPEG, but its content is not an image. Attach a PNG, JPEG or WebP image.',
    );
    expect(await refusal(Buffer.from([0x49, 0x49, 0x2a, 0x00, 1, 2]), 'scan')).toBe('scan is a TIFF, not an image Forge can use. Attach a PNG, JPEG or WebP image.');
    expect(await refusal(Buffer.from([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70]), 'p.heic')).toContain('p.heic is a HEIC/AVIF image');
  });

  it('refuses an empty file', async () => {
    expect(await refusal(new Uint8Array(0), 'empty.png')).toBe('empty.png is empty. Attach a PNG, JPEG or WebP image.');
  });

  it('refuses an animated GIF, and a still GIF with another message', async () => {
    const moving = await animated('gif');
    expect(countGifFrames(moving)).toBe(2);
    expect(await refusal(moving, 'dance.gif', { loadSharp: neverDecode })).toBe('dance.gif is an animated GIF. Forge takes still images only: attach one frame as a PNG, JPEG or WebP.');
    const still = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#0f0' } }).gif().toBuffer();
    expect(countGifFrames(still)).toBe(1);
    expect(await refusal(still, 'still.gif')).toBe('still.gif is a GIF. Forge takes PNG, JPEG or WebP images: convert it and attach it again.');
  });

  it('refuses an animated WebP and an animated PNG (APNG) before decoding them', async () => {
    expect(await refusal(await animated('webp'), 'loop.webp', { loadSharp: neverDecode })).toBe('loop.webp is animated. Forge takes still images only: attach one frame as a PNG, JPEG or WebP.');
    const actl = chunk('acTL', Buffer.from([0, 0, 0, 2, 0, 0, 0, 0]));
    expect(await refusal(pngClaiming(8, 8, [actl]), 'loop.png', { loadSharp: neverDecode })).toBe('loop.png is animated. Forge takes still images only: attach one frame as a PNG, JPEG or WebP.');
  });

  it('refuses a 20,000 × 20,000 image by its header, without decoding a pixel', async () => {
    expect(await refusal(pngClaiming(20_000, 20_000), 'bomb.png', { loadSharp: neverDecode })).toBe(
      'bomb.png is 20,000 × 20,000 pixels (400 megapixels); Forge takes images up to 8,192 × 8,192 (67 megapixels) and did not open it. Attach a smaller copy.',
    );
    expect(maxInputImagePixels).toBe(8192 * 8192);
    // One pixel over the budget is over; the budget itself gets as far as decoding.
    expect(await refusal(pngClaiming(101, 100), 'b.png', { maxPixels: 10_099, loadSharp: neverDecode })).toContain('b.png is 101 × 100 pixels');
    expect(await refusal(pngClaiming(100, 100), 'b.png', { maxPixels: 10_000 })).toContain('could not be decoded');
  });

  it('refuses a header that claims no pixels at all', async () => {
    expect(await refusal(pngClaiming(0, 10), 'zero.png', { loadSharp: neverDecode })).toBe('zero.png says it is 0 × 10 pixels, which no image is. Export it again and attach the new file.');
  });

  it('refuses a truncated file, and one whose header reads but whose pixels do not', async () => {
    const png = await solid('png', 64, 64);
    expect(await refusal(png.subarray(0, png.length - 20), 'cut.png', { loadSharp: neverDecode })).toBe(
      'cut.png is damaged or incomplete (the PNG is truncated). Export it again and attach the new file.',
    );
    expect(await refusal(pngClaiming(64, 64), 'garbled.png')).toMatch(/^garbled\.png could not be decoded \(.+\)\. Export it again and attach the new file\.$/);
  });

  it('keeps a hostile name from breaking the message', async () => {
    const message = await refusal(new Uint8Array(0), `evil\u202e\u0007${'x'.repeat(200)}.png`);
    // eslint-disable-next-line no-control-regex -- the control characters are what must not get through
    expect(message).not.toMatch(/[\u0000-\u001f\u202e]/);
    expect(message.startsWith(`evil${'x'.repeat(75)}…`)).toBe(true);
    expect(await refusal(new Uint8Array(0), '  ')).toBe('The image is empty. Attach a PNG, JPEG or WebP image.');
  });

  it('counts the frames of a damaged GIF as far as it reads', () => {
    expect(countGifFrames(Buffer.from('GIF89a', 'latin1'))).toBe(0);
    expect(countGifFrames(Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.alloc(7), Buffer.from([0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 1, 0, 0x99])]))).toBe(1);
  });
});
