// A separate process that approves asset entries into one memory base, for the concurrency
// test: `node approve-worker.ts <memoryBase> <workerName> <count> <startAtEpochMs> <own|shared> <cacheDir>`.
// With `shared`, every worker approves the same assets (idempotency under contention). The
// workers share the lock through the cache folder, as two Forge windows do.
import { applyProposal } from '../apply-proposal.ts';
import { proposeAssetEntry } from '../propose-asset-entry.ts';

const [memoryBase = '', worker = 'worker', countText = '0', startAtText = '0', mode = '', cacheDir = ''] = process.argv.slice(2);
if (cacheDir === '') throw new Error('approve-worker needs a cache folder');
const count = Number(countText);
const startAt = Number(startAtText);
await new Promise((resolve) => setTimeout(resolve, Math.max(0, startAt - Date.now())));

let applied = 0;
for (let index = 0; index < count; index += 1) {
  const name = mode === 'shared' ? `shared-${index}` : `${worker}-${index}`;
  const proposal = proposeAssetEntry(
    { relativePath: `.forge/generated/${name}.png`, createdAt: new Date(Date.UTC(2026, 10, 23, 19, 51, index)), model: 'gpt-image-2' },
    { prompt: `prompt ${name}\n\`\`\`\n## not a heading\n`, revisedPrompt: `revised ${name}` },
  );
  const result = await applyProposal(memoryBase, proposal, { lockTimeoutMs: 30_000, cacheDir });
  if (result.applied) applied += 1;
}
process.stdout.write(JSON.stringify({ worker, applied }));
