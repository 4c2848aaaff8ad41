// A fresh, empty memory base in the temp folder, removed when the test that made it finishes.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { onTestFinished } from 'vitest';

export async function createMemoryFolder(): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'assets-memory-'));
  onTestFinished(() => rm(folder, { recursive: true, force: true }));
  return folder;
}
