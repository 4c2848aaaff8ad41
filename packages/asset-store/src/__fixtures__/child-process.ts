// Runs save-worker.ts in a real second Node process and reads its JSON lines.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const workerPath = fileURLToPath(new URL('./save-worker.ts', import.meta.url));

export interface Worker {
  child: ChildProcessWithoutNullStreams;
  /** Resolves with the first printed line that satisfies `match`. */
  next<Line extends Record<string, unknown>>(match: (line: Record<string, unknown>) => boolean): Promise<Line>;
  exited: Promise<number | null>;
}

/** Starts save-worker.ts with these arguments; its stores keep their cache (the saved log, thumbnails) in cacheDir. */
export function startWorker(args: string[], cacheDir: string): Worker {
  const child = spawn(process.execPath, ['--conditions=@forge/source', workerPath, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, FORGE_TEST_CACHE_DIR: cacheDir },
  });
  const lines: Record<string, unknown>[] = [];
  const waiters: { match: (line: Record<string, unknown>) => boolean; resolve: (line: Record<string, unknown>) => void }[] = [];
  let buffered = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      const line = JSON.parse(buffered.slice(0, newline)) as Record<string, unknown>;
      buffered = buffered.slice(newline + 1);
      lines.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.match(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
      newline = buffered.indexOf('\n');
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    next: <Line extends Record<string, unknown>>(match: (line: Record<string, unknown>) => boolean) =>
      new Promise<Line>((resolve, reject) => {
        const found = lines.find(match);
        if (found !== undefined) {
          resolve(found as Line);
          return;
        }
        waiters.push({ match, resolve: (line) => resolve(line as Line) });
        void exited.then((code) => reject(new Error(`worker exited (${code}) before the expected line; stderr: ${stderr}`)));
      }),
  };
}
