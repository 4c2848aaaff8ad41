// Each test file runs with a home folder of its own: an approval that passes no cacheDir keeps
// its lock and index in the default cache folder under the home, and that must never be the
// user's own ~/.cache. os.homedir() is replaced (a worker thread's process.env does not reach
// it), and HOME is set for the child processes the tests start.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, vi } from 'vitest';

const home = mkdtempSync(path.join(os.tmpdir(), 'assets-memory-home-'));
vi.spyOn(os, 'homedir').mockReturnValue(home);
process.env.HOME = home;
process.env.USERPROFILE = home;

afterAll(() => {
  rmSync(home, { recursive: true, force: true });
});
