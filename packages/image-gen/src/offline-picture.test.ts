import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

import { generateImage } from './generate-image.ts';
import { createOfflineImageModel } from './offline-image-model.ts';
import { renderOfflinePixels, type OfflinePixels } from './offline-picture.ts';

const width = 768;
const height = 512;

function pixel(picture: OfflinePixels, x: number, y: number): [number, number, number, number] {
  const offset = (y * picture.width + x) * 4;
  return [picture.rgba[offset] ?? 0, picture.rgba[offset + 1] ?? 0, picture.rgba[offset + 2] ?? 0, picture.rgba[offset + 3] ?? 0];
}

/** Runs of consecutive pixels along row y for which `test` holds, longer than `minimum`. */
function runs(picture: OfflinePixels, y: number, test: (rgba: [number, number, number, number]) => boolean, minimum = 4): number[][] {
  const found: number[][] = [];
  let start = -1;
  for (let x = 0; x <= picture.width; x += 1) {
    const inside = x < picture.width && test(pixel(picture, x, y));
    if (inside && start < 0) start = x;
    if (!inside && start >= 0) {
      if (x - start > minimum) found.push([start, x]);
      start = -1;
    }
  }
  return found;
}

/** A saturated blue: the default accent of UI mock-ups. */
const isAccent = ([red, green, blue]: [number, number, number, number]): boolean => blue > 150 && blue - red > 80 && blue - green > 40;

describe('offline pictures that answer the request', () => {
  it.each([
    ['Mock up a UI button in three states.', 3],
    ['a button in five states', 5],
    ['a button, 2 states', 2],
  ])('%s draws that many buttons side by side', (prompt, count) => {
    const picture = renderOfflinePixels(prompt, width, height);
    expect(picture.kind).toBe('ui-mockup');
    // The row through the buttons' middle crosses one accent-coloured run per enabled button.
    const enabled = picture.details.states?.toString().split(', ').filter((state) => state !== 'Disabled').length;
    expect(runs(picture, Math.round(height * 0.52) - 8, isAccent).length).toBe(enabled);
    expect(picture.details.states?.toString().split(', ')).toHaveLength(count);
  });

  it('labels the three button states Default, Hover and Pressed, lightest when hovered, darkest when pressed', () => {
    const picture = renderOfflinePixels('Mock up a UI button in three states.', width, height);
    expect(picture.details).toEqual({ element: 'button', states: 'Default, Hover, Pressed' });
    const row = Math.round(height * 0.52) - 8;
    const brightness = runs(picture, row, isAccent).map(([start]) => {
      const [red, green, blue] = pixel(picture, (start ?? 0) + 6, row);
      return red + green + blue;
    });
    expect(brightness[1]).toBeGreaterThan(brightness[0] ?? 0);
    expect(brightness[2]).toBeLessThan(brightness[0] ?? 0);
  });

  it.each(['a toggle switch for an app', 'a slider in three states', 'checkbox states', 'a text field in 4 states', 'a profile card for my app UI'])(
    '%s gets a mock-up of that element on the artboard',
    (prompt) => {
      const picture = renderOfflinePixels(prompt, width, height);
      expect(picture.kind).toBe('ui-mockup');
      expect(pixel(picture, 2, 2)).toEqual([238, 241, 246, 255]);
    },
  );

  it('draws a four-frame walk cycle as four outlined frames of a figure in different poses, on a transparent background', () => {
    const picture = renderOfflinePixels('Make me a sprite sheet reference for a four-frame walk cycle.', width, height);
    expect(picture.details).toEqual({ cycle: 'walk', frames: 4 });
    expect(pixel(picture, 0, 0)[3]).toBe(0);
    expect(pixel(picture, width - 1, height - 1)[3]).toBe(0);
    // The frame outlines: a row across the frames' top edge is lit in four long runs.
    let edgeRow = 0;
    while (edgeRow < height && runs(picture, edgeRow, ([, , , alpha]) => alpha > 100, 40).length === 0) edgeRow += 1;
    const frames = runs(picture, edgeRow, ([, , , alpha]) => alpha > 100, 40);
    expect(frames).toHaveLength(4);
    // The figures differ from frame to frame: compare each frame's opaque pixels with the next.
    const frameWidth = (frames[0]?.[1] ?? 0) - (frames[0]?.[0] ?? 0);
    const silhouettes = frames.map(([left]) => {
      const bits: boolean[] = [];
      for (let y = edgeRow + 4; y < edgeRow + frameWidth - 4; y += 2) for (let x = (left ?? 0) + 4; x < (left ?? 0) + frameWidth - 4; x += 2) bits.push(pixel(picture, x, y)[3] > 128);
      return bits;
    });
    for (let index = 1; index < silhouettes.length; index += 1) {
      const differing = silhouettes[index]?.filter((bit, at) => bit !== silhouettes[index - 1]?.[at]).length ?? 0;
      expect(differing).toBeGreaterThan(40);
    }
  });

  it('saves a sprite sheet as a PNG with an alpha channel', async () => {
    const image = await generateImage({ model: createOfflineImageModel(), prompt: 'a six frame run cycle', size: '512x256' });
    const metadata = await sharp(image.bytes).metadata();
    expect([metadata.format, metadata.channels, metadata.hasAlpha]).toEqual(['png', 4, true]);
    expect(image.bytes[25]).toBe(6); // IHDR colour type: RGBA
    expect(image.metadata).toMatchObject({ kind: 'sprite-sheet', cycle: 'run', frames: 6 });
  });

  it('paints concept art around the subject’s silhouette and credits the icon and its author', async () => {
    const image = await generateImage({ model: createOfflineImageModel(), prompt: 'Generate concept art for a steampunk airship.', size: '768x512' });
    expect(image.metadata).toMatchObject({ kind: 'concept-art', subject: 'zeppelin', setting: 'hills', time: 'day' });
    expect(image.metadata?.credit).toBe('Silhouette "zeppelin" by Skoll from Game Icons (https://game-icons.net), CC BY 3.0');
    const airship = renderOfflinePixels('Generate concept art for a steampunk airship.', width, height);
    const whale = renderOfflinePixels('a whale at sea', width, height);
    // The silhouette is dark against a lit sky: many dark pixels in the upper middle of the airship's picture.
    let dark = 0;
    for (let y = Math.round(height * 0.2); y < height * 0.6; y += 2) for (let x = Math.round(width * 0.3); x < width * 0.8; x += 2) if (pixel(airship, x, y).slice(0, 3).every((value) => value < 70)) dark += 1;
    expect(dark).toBeGreaterThan(2000);
    expect(whale.details).toMatchObject({ subject: 'whale-tail', setting: 'sea' });
    expect(whale.credit).toContain('by Delapouite');
  });

  it('takes the palette and the time of day from the prompt', () => {
    const day = renderOfflinePixels('a castle', width, height);
    const night = renderOfflinePixels('a castle at night', width, height);
    const red = renderOfflinePixels('a red castle', width, height);
    const luminance = ([r, g, b]: number[]): number => 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
    expect(luminance(pixel(night, 10, 10))).toBeLessThan(luminance(pixel(day, 10, 10)) / 3);
    const [r, g, b] = pixel(red, 10, 10);
    expect(r).toBeGreaterThan(g + 30);
    expect(r).toBeGreaterThan(b + 30);
  });

  it('keeps a generic poster for anything else, and draws no stamp under the host’s badge', () => {
    const picture = renderOfflinePixels('green hills under a sunny sky', width, height);
    expect(picture.kind).toBe('scene');
    // The stamp was a dark box with light text in the top-left corner; the sky there is plain now.
    for (let y = 0; y < 40; y += 1) {
      const [red, green, blue] = pixel(picture, 0, y);
      for (let x = 0; x < 160; x += 1) {
        const [r, g, b] = pixel(picture, x, y);
        if (Math.abs(r - red) + Math.abs(g - green) + Math.abs(b - blue) > 12) expect.fail(`pixel ${x},${y} differs from its row's sky`);
      }
    }
  });

  it.each(['Mock up a UI button in three states.', 'a four-frame walk cycle', 'a dragon at night', 'something nice'])('draws %s the same every time', (prompt) => {
    const first = renderOfflinePixels(prompt, 200, 120);
    const again = renderOfflinePixels(prompt, 200, 120);
    expect(Buffer.from(again.rgba).equals(Buffer.from(first.rgba))).toBe(true);
  });

  it.each([16, 40])('draws every kind at a tiny %i px size without failing', (side) => {
    for (const prompt of ['a button in six states', 'a 12 frame walk cycle', 'a dragon', 'a toggle', 'a card for an app', 'a text field', 'anything']) {
      expect(renderOfflinePixels(prompt, side, side).rgba).toHaveLength(side * side * 4);
    }
  });
});
