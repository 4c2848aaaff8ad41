// Approve time with 10 and with 10,000 existing entries in ASSETS.md, measured side by side
// in one run (interleaved, so disk and CPU noise hits both equally). The target: the 10,000
// case within 1.5× the 10 case, because approving must not cost more as the file grows.
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { applyProposal, proposeAssetEntry } from '../src/index.ts';
import { assetsHeader } from '../src/apply-proposal.ts';

const rounds = 300;
const sizes = [10, 10_000];
const prompt = 'concept art for a steampunk airship drifting over a foggy harbour at dawn, brass hull, canvas sails, warm light';
const revisedPrompt = `${prompt}; highly detailed digital painting with volumetric fog, soft rim lighting on the brass, gulls in the foreground and a ` + '```code``` fence to keep it honest';

let sequence = 0;
function nextEntry(tag: string) {
  sequence += 1;
  return proposeAssetEntry(
    { relativePath: `.forge/generated/${tag}-${sequence}.png`, createdAt: new Date(Date.UTC(2026, 0, 1) + sequence * 1000), model: 'gpt-image-2', width: 1024, height: 1024, mediaType: 'image/png' },
    { prompt: `${prompt} #${sequence}`, revisedPrompt },
  );
}

async function memoryWith(count: number): Promise<string> {
  const memoryBase = await mkdtemp(path.join(os.tmpdir(), `assets-memory-bench-${count}-`));
  const bodies = Array.from({ length: count }, () => nextEntry('existing').body);
  await writeFile(path.join(memoryBase, 'ASSETS.md'), `${assetsHeader}\n\n${bodies.join('\n\n')}\n`);
  return memoryBase;
}

async function time(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 0 ? ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2 : (sorted[middle] ?? 0);
}

const bases = await Promise.all(sizes.map(memoryWith));
// The lock and the index live in a cache folder of the bench's own, never the user's.
const cacheDir = await mkdtemp(path.join(os.tmpdir(), 'assets-memory-bench-cache-'));
const fileSizes = await Promise.all(bases.map(async (base) => (await stat(path.join(base, 'ASSETS.md'))).size));
// The first approval reads the file once to build its index (as after any hand edit).
const firstApproval = [];
for (const base of bases) firstApproval.push(await time(() => applyProposal(base, nextEntry('first'), { cacheDir })));

const approve: number[][] = sizes.map(() => []);
const duplicate: number[][] = sizes.map(() => []);
for (let round = 0; round < rounds; round += 1) {
  for (const [index, base] of bases.entries()) {
    const proposal = nextEntry('new');
    approve[index]?.push(await time(() => applyProposal(base, proposal, { cacheDir })));
    duplicate[index]?.push(await time(() => applyProposal(base, proposal, { cacheDir })));
  }
}

const format = (milliseconds: number): string => `${milliseconds.toFixed(3)} ms`.padStart(11);
console.log(`applyProposal, ${rounds} approvals per size, interleaved (node ${process.version}, ${os.platform()} ${os.arch()}, ${os.tmpdir()})`);
console.log('existing entries  file size  first approval (index build)  approve median  duplicate median');
for (const [index, size] of sizes.entries()) {
  console.log(
    `${String(size).padStart(16)}  ${`${((fileSizes[index] ?? 0) / 1024 / 1024).toFixed(2)} MB`.padStart(9)}  ${format(firstApproval[index] ?? 0).padStart(28)}  ${format(median(approve[index] ?? [])).padStart(14)}  ${format(median(duplicate[index] ?? [])).padStart(16)}`,
  );
}
const ratio = median(approve[1] ?? []) / median(approve[0] ?? []);
const duplicateRatio = median(duplicate[1] ?? []) / median(duplicate[0] ?? []);
console.log(`ratio 10,000 / 10: approve ${ratio.toFixed(2)}×, duplicate ${duplicateRatio.toFixed(2)}× (target ≤ 1.5×: ${ratio <= 1.5 ? 'met' : 'NOT met'})`);

await Promise.all([...bases, cacheDir].map((folder) => rm(folder, { recursive: true, force: true })));
