import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

import { generateImage } from './generate-image.ts';
import { applyOfflineEdit, planOfflineEdit } from './offline-edit.ts';
import { createOfflineImageModel } from './offline-image-model.ts';

/** A 4 × 2 picture: red on the left half, grey on the right. */
function picture(): Uint8Array {
  const rgba = new Uint8Array(4 * 2 * 4);
  for (let pixel = 0; pixel < 8; pixel += 1) {
    const x = pixel % 4;
    rgba.set(x < 2 ? [200, 30, 30, 255] : [128, 128, 128, 255], pixel * 4);
  }
  return rgba;
}

function averageHue(rgba: Uint8Array): { red: number; green: number; blue: number } {
  let red = 0;
  let green = 0;
  let blue = 0;
  for (let index = 0; index < rgba.length; index += 4) {
    red += rgba[index] ?? 0;
    green += rgba[index + 1] ?? 0;
    blue += rgba[index + 2] ?? 0;
  }
  return { red, green, blue };
}

describe('planOfflineEdit', () => {
  it.each([
    ['make it bluer', 'palette shifted toward blue'],
    ['now in red', 'palette shifted toward red'],
    ['warmer colours please', 'palette shifted toward orange'],
    ['same airship, from the side', 'mirrored'],
    ['flip it upside down', 'flipped upside down'],
    ['black and white version', 'black and white'],
    ['make it darker and greener', 'palette shifted toward green, darker'],
    ['a lighter pink one, mirrored', 'palette shifted toward pink, lighter, mirrored'],
    ['put it on a transparent background', 'background cut out'],
  ])('reads %j as %j', (prompt, description) => {
    expect(planOfflineEdit(prompt).description).toBe(description);
    expect(planOfflineEdit(prompt).guessed).toBe(false);
  });

  it('still changes the picture when it cannot read the request, and says what it did', () => {
    const plan = planOfflineEdit('add more detail to the rigging');
    expect(plan.guessed).toBe(true);
    expect(plan.description).toMatch(/^palette shifted toward \w+$/);
    expect(planOfflineEdit('add more detail to the rigging')).toEqual(plan);
  });

  it('cuts the background out when transparency is asked for by option', () => {
    expect(planOfflineEdit('bluer', { transparentBackground: true }).description).toBe('palette shifted toward blue, background cut out');
  });
});

describe('applyOfflineEdit', () => {
  it('shifts the palette toward the colour and keeps the input untouched', () => {
    const input = picture();
    const before = averageHue(input);
    const after = averageHue(applyOfflineEdit(input, 4, 2, planOfflineEdit('bluer')));
    expect(after.blue).toBeGreaterThan(before.blue * 1.3);
    expect(after.red).toBeLessThan(before.red);
    expect(input).toEqual(picture());
  });

  it('pushes each later variant further', () => {
    const plan = planOfflineEdit('bluer');
    const blues = [0, 1, 2, 3].map((variant) => averageHue(applyOfflineEdit(picture(), 4, 2, plan, variant)).blue);
    expect(blues).toEqual([...blues].sort((a, b) => a - b));
    expect(new Set(blues).size).toBe(4);
  });

  it('mirrors left to right, and upside down', () => {
    const mirrored = applyOfflineEdit(picture(), 4, 2, planOfflineEdit('mirror it'));
    expect([...mirrored.subarray(0, 4)]).toEqual([128, 128, 128, 255]);
    expect([...mirrored.subarray(12, 16)]).toEqual([200, 30, 30, 255]);
    const rgba = new Uint8Array([1, 1, 1, 255, 2, 2, 2, 255]);
    expect([...applyOfflineEdit(rgba, 1, 2, planOfflineEdit('upside down'))]).toEqual([2, 2, 2, 255, 1, 1, 1, 255]);
  });

  it('turns it black and white, lighter and darker', () => {
    const grey = applyOfflineEdit(picture(), 4, 2, planOfflineEdit('greyscale'));
    for (let index = 0; index < grey.length; index += 4) expect(grey[index]).toBe(grey[index + 2]);
    expect(averageHue(applyOfflineEdit(picture(), 4, 2, planOfflineEdit('lighter'))).green).toBeGreaterThan(averageHue(picture()).green);
    expect(averageHue(applyOfflineEdit(picture(), 4, 2, planOfflineEdit('darker'))).green).toBeLessThan(averageHue(picture()).green);
  });

  it('cuts out the background joined to the border and keeps the subject', () => {
    const width = 5;
    const rgba = new Uint8Array(width * width * 4);
    for (let pixel = 0; pixel < width * width; pixel += 1) rgba.set([250, 250, 250, 255], pixel * 4);
    rgba.set([20, 20, 160, 255], (2 * width + 2) * 4);
    const cut = applyOfflineEdit(rgba, width, width, planOfflineEdit('cut out'));
    expect(cut[3]).toBe(0);
    expect(cut[(2 * width + 2) * 4 + 3]).toBe(255);
  });
});

describe('the offline model edits an input image', () => {
  it('keeps the parent\'s size, shifts its palette, and says what it did', async () => {
    const parent = await sharp({ create: { width: 96, height: 64, channels: 3, background: '#c84040' } }).png().toBuffer();
    const edited = await generateImage({ model: createOfflineImageModel(), prompt: 'make it bluer', inputImages: [parent] });
    const { width, height } = await sharp(edited.bytes).metadata();
    expect([width, height]).toEqual([96, 64]);
    const [red, , blue] = (await sharp(edited.bytes).stats()).channels.map((channel) => channel.mean);
    expect(blue).toBeGreaterThan(red ?? 0);
    expect(edited.metadata).toMatchObject({ offlinePreview: true, kind: 'edit', edit: 'palette shifted toward blue' });
    expect(edited.warnings).toEqual([]);
  });

  it('fits the edit to an asked size, cuts out a transparent background, and notes ignored extra inputs', async () => {
    const parent = await sharp({ create: { width: 80, height: 80, channels: 3, background: '#ffffff' } }).composite([{ input: { create: { width: 20, height: 20, channels: 3, background: '#202080' } }, left: 30, top: 30 }]).png().toBuffer();
    const edited = await generateImage({ model: createOfflineImageModel(), prompt: 'a sprite of it', inputImages: [parent, parent], size: '64x32', background: 'transparent' });
    const metadata = await sharp(edited.bytes).metadata();
    expect([metadata.width, metadata.height, metadata.hasAlpha]).toEqual([64, 32, true]);
    expect((await sharp(edited.bytes).stats()).isOpaque).toBe(false);
    expect(edited.warnings).toEqual([{ type: 'unsupported-option', option: 'inputImages', message: 'The offline model edits the first input image only; the other one was not drawn from.' }]);
  });

  it('gives the same bytes for the same edit and seed, and another variant for another seed', async () => {
    const parent = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#808080' } }).png().toBuffer();
    const model = createOfflineImageModel();
    const [first, again, other] = await Promise.all([0, 0, 1].map((seed) => generateImage({ model, prompt: 'greener', inputImages: [parent], seed })));
    expect(Buffer.from(first?.bytes ?? []).equals(Buffer.from(again?.bytes ?? []))).toBe(true);
    expect(Buffer.from(first?.bytes ?? []).equals(Buffer.from(other?.bytes ?? []))).toBe(false);
  });
});
