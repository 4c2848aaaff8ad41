// Stands in for the Asset studio (and the chat before it) in the Library's end-to-end test:
// a separate process that writes into the project's `.forge/generated/` the way those tools
// do. Run with `node --conditions=@forge/source asset-studio-stand-in.ts <step> <projectDir> <cacheDir>`.
//   prepare — two in-chat images (saved as the chat saves them), sprites with provenance
//             (through the asset store, as the Asset studio saves) and without (a plain PNG
//             another tool wrote), a PNG cut short, and a .glb mesh
//   sprite  — one more sprite, written by this other process while the app watches
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { openAssetStore } from '@forge/asset-store';
import { createOfflineImageModel, generateImage } from '@forge/image-gen';
import sharp from 'sharp';

const [step, projectDir, cacheDir] = process.argv.slice(2);
if (step === undefined || projectDir === undefined || cacheDir === undefined) {
  console.error('usage: asset-studio-stand-in.ts prepare|sprite <projectDir> <cacheDir>');
  process.exit(2);
}

const store = await openAssetStore({ mode: 'project', projectDir, cacheDir });
const model = createOfflineImageModel();

async function picture(prompt: string, size: '1024x1024' | '1536x1024' | '1024x1536'): Promise<Uint8Array> {
  return (await generateImage({ model, prompt, size })).bytes;
}

if (step === 'prepare') {
  await store.save(await picture('Concept art for a steampunk airship over a harbour', '1536x1024'), {
    createdAt: new Date('2026-11-20T09:00:00.000Z'),
    prompt: 'Concept art for a steampunk airship over a harbour',
    model: 'forge-offline-1',
    source: 'forge-chat/offline',
  });
  await store.save(await picture('A lighthouse on a cliff in fog', '1024x1024'), {
    createdAt: new Date('2026-11-20T10:00:00.000Z'),
    prompt: 'A lighthouse on a cliff in fog',
    revisedPrompt: 'A white lighthouse on a dark cliff, fog rolling in, muted palette',
    model: 'forge-offline-1',
    source: 'forge-chat/offline',
  });
  await store.save(await picture('Sprite sheet of a bouncing slime, four frames', '1536x1024'), {
    createdAt: new Date('2026-11-20T11:00:00.000Z'),
    kind: 'sprites',
    prompt: 'Sprite sheet of a bouncing slime, four frames',
    model: 'asset-studio-sprites-1',
    source: 'asset-studio',
  });
  const sprites = join(store.generatedDir, 'sprites');
  // Another tool's sprite: a plain PNG, no provenance, a name that is not a Forge timestamp.
  await writeFile(join(sprites, 'hero idle.png'), await sharp({ create: { width: 256, height: 384, channels: 4, background: { r: 40, g: 160, b: 90, alpha: 1 } } }).png().toBuffer());
  const whole = await picture('A treasure chest icon', '1024x1024');
  await writeFile(join(sprites, '20261120-120000-000.png'), whole.subarray(0, Math.floor(whole.length / 3)));
  await mkdir(join(store.generatedDir, 'meshes'), { recursive: true });
  await writeFile(join(store.generatedDir, 'meshes', '20261120-130000-000.glb'), Buffer.concat([Buffer.from('glTF'), Buffer.alloc(2044, 7)]));
} else if (step === 'sprite') {
  const prompt = 'Sprite of a brass key for an inventory screen';
  const asset = await store.save(await picture(prompt, '1024x1024'), { kind: 'sprites', prompt, model: 'asset-studio-sprites-1', source: 'asset-studio' });
  console.log(JSON.stringify({ relativePath: asset.relativePath }));
} else {
  console.error(`unknown step ${step}`);
  process.exit(2);
}
await store.close();
