// Starts the app the way a user does (`pnpm start`'s script, a real process) and waits for the
// link it prints. The link carries the access token: a browser that opens it is signed in by a
// cookie; direct HTTP calls send the token in the `x-forge-token` header (`app.fetch`).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface RunningApp {
  /** The printed link, `http://127.0.0.1:PORT/?token=…`: what a user opens (`page.goto(app.url)`). */
  url: string;
  /** `http://127.0.0.1:PORT/`, without the token. */
  origin: string;
  /** The access token from the printed link. */
  token: string;
  /** A request to the app (`app.fetch('/api/call/getState', …)`) with the token header set. */
  fetch: (path: string, init?: RequestInit) => Promise<Response>;
  /** Calls a contract function directly over HTTP, as the web renderer does. */
  call: (name: string, input?: unknown) => Promise<{ ok: boolean; result?: unknown; error?: { code: string; message: string } }>;
  output: () => string;
  stop: () => Promise<void>;
  /** Sends `signal` (SIGKILL: a crash) and waits for the process to be gone. */
  kill: (signal: NodeJS.Signals) => Promise<void>;
}

const startScript = fileURLToPath(new URL('../../apps/desktop/scripts/start.mjs', import.meta.url));

/** Room for a build of the web host and a cold start on a busy two-core machine. */
const startTimeoutMs = 60_000;
/** SIGTERM closes the host and the store; past this the app is killed. */
const stopTimeoutMs = 20_000;

/** The `Open …` line of `pnpm start`, parsed. */
export function parseOpenLine(output: string): { url: string; origin: string; token: string } | undefined {
  const match = /^Open (http:\/\/127\.0\.0\.1:\d+\/)\?token=([A-Za-z0-9_-]+)$/m.exec(output);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return { url: `${match[1]}?token=${match[2]}`, origin: match[1], token: match[2] };
}

export async function startApp(args: readonly string[], env: Record<string, string>): Promise<RunningApp> {
  const child: ChildProcess = spawn(process.execPath, [startScript, ...args], {
    env: { ...process.env, FORGE_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const stop = (): Promise<void> =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        resolve();
        return;
      }
      const killer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
      child.once('exit', () => {
        clearTimeout(killer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  let opened: { url: string; origin: string; token: string };
  try {
    opened = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`The app printed no link within ${String(startTimeoutMs / 1000)} s:\n${output}`)), startTimeoutMs);
      const check = (): void => {
        const parsed = parseOpenLine(output);
        if (parsed !== undefined) {
          clearTimeout(timer);
          resolve(parsed);
        }
      };
      child.stdout?.on('data', check);
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`The app exited with ${String(code)} before serving:\n${output}`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  const appFetch = (path: string, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    headers.set('x-forge-token', opened.token);
    return fetch(new URL(path, opened.origin), { ...init, headers });
  };
  return {
    ...opened,
    fetch: appFetch,
    call: async (name, input = {}) => {
      const response = await appFetch(`/api/call/${encodeURIComponent(name)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
      return (await response.json()) as { ok: boolean; result?: unknown; error?: { code: string; message: string } };
    },
    output: () => output,
    stop,
    kill: (signal) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}
