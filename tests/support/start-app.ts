// Starts the app the way a user does (`pnpm start`'s script, a real process) and waits for its URL.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface RunningApp {
  url: string;
  output: () => string;
  stop: () => Promise<void>;
  /** Sends `signal` (SIGKILL: a crash) and waits for the process to be gone. */
  kill: (signal: NodeJS.Signals) => Promise<void>;
}

const startScript = fileURLToPath(new URL('../../apps/desktop/scripts/start.mjs', import.meta.url));

export async function startApp(args: readonly string[], env: Record<string, string>): Promise<RunningApp> {
  const child: ChildProcess = spawn(process.execPath, [startScript, ...args], {
    env: { ...process.env, FORGE_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The app printed no URL within 30 s:\n${output}`)), 30_000);
    const check = (): void => {
      const match = /Open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The app exited with ${String(code)} before serving:\n${output}`));
    });
  });
  return {
    url,
    output: () => output,
    stop: () => kill('SIGTERM'),
    kill,
  };

  function kill(signal: NodeJS.Signals): Promise<void> {
    return new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        resolve();
        return;
      }
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }
}
