// Redraws the golden PNGs of the offline model (src/__fixtures__/golden) and the README's
// small copies (docs/), from src/offline-golden.ts. Run after a deliberate change to the
// offline pictures — `pnpm --filter @forge/image-gen goldens` — then look at every PNG before
// committing: the golden test compares against whatever is committed.
import { mkdir, writeFile } from 'node:fs/promises';

import sharp from 'sharp';

import { createOfflineImageModel, generateImage } from '../src/index.ts';
import { goldenRequests, goldenSize } from '../src/offline-golden.ts';

const goldenDir = new URL('../src/__fixtures__/golden/', import.meta.url);
const docsDir = new URL('../docs/', import.meta.url);
await mkdir(goldenDir, { recursive: true });
await mkdir(docsDir, { recursive: true });
for (const { name, prompt } of goldenRequests) {
  const image = await generateImage({ model: createOfflineImageModel(), prompt, size: `${goldenSize.width}x${goldenSize.height}` });
  await writeFile(new URL(`${name}.png`, goldenDir), image.bytes);
  // A small copy for the README (a third of the size, still PNG so the sprite sheet keeps its alpha).
  await writeFile(new URL(`${name}.png`, docsDir), await sharp(image.bytes).resize(512).png({ compressionLevel: 9, palette: true, quality: 90 }).toBuffer());
  console.log(`${name}: ${prompt} (${image.bytes.length} bytes${typeof image.metadata?.credit === 'string' ? `; ${image.metadata.credit}` : ''})`);
}
