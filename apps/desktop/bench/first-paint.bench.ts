// How long the web host takes to serve its first page, and how much later the account is known,
// for each way Forge can start: the account check runs behind the first paint, so "served"
// should not grow with it. Medians of 7 launches each, printed side by side. No network:
// the stored ChatGPT sign-in is a test auth.json that Codex cannot verify (it still counts).
//   pnpm --filter @forge/desktop bench
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { launchWebApp } from '../src/web-host/launch.ts';
import { tokenHeader } from '../src/web-host/web-host.ts';

const runs = 7;
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

async function storedSignIn(codexHome: string): Promise<void> {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const token = `${part({ alg: 'none' })}.${part({ email: 'bench@example.com', iat: now, exp: now + 86_400, 'https://api.openai.com/auth': { chatgpt_plan_type: 'plus' } })}.x`;
  await mkdir(codexHome, { recursive: true });
  await writeFile(join(codexHome, 'auth.json'), JSON.stringify({ OPENAI_API_KEY: null, tokens: { id_token: token, access_token: token, refresh_token: 'x', account_id: 'x' }, last_refresh: new Date().toISOString() }));
}

const scenarios: { name: string; env: Record<string, string>; prepare?: (home: string) => Promise<void> }[] = [
  { name: 'FORGE_BACKEND=offline', env: { FORGE_BACKEND: 'offline' } },
  { name: 'auto, nothing signed in', env: {} },
  { name: 'auto, ChatGPT sign-in stored', env: {}, prepare: (home) => storedSignIn(join(home, '.config', 'forge', 'codex')) },
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function launchOnce(scenario: (typeof scenarios)[number]): Promise<{ served: number; known: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'forge-bench-paint-'));
  const home = join(dir, 'home');
  await mkdir(join(dir, 'project'));
  await scenario.prepare?.(home);
  const started = performance.now();
  const app = await launchWebApp({
    workspace: { mode: 'project', projectDir: join(dir, 'project') },
    rendererDir: dir,
    env: { PATH: process.env.PATH ?? '', HOME: home, FORGE_HOME: home, FORGE_PORT: '0', DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent', ...scenario.env },
    logger: silent,
  });
  const call = async () => {
    // A tool reaches the host with its token, as the page does with its cookie.
    const response = await fetch(new URL('api/call/getState', app.url), { method: 'POST', headers: { 'content-type': 'application/json', [tokenHeader]: app.token }, body: '{}' });
    if (!response.ok) throw new Error(`getState answered ${String(response.status)}`);
    return ((await response.json()) as { result: { account: { checking?: boolean } } }).result.account;
  };
  let account = await call();
  const served = performance.now() - started;
  while (account.checking === true) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    account = await call();
  }
  const known = performance.now() - started;
  await app.close();
  await rm(dir, { recursive: true, force: true });
  return { served, known };
}

// One launch first, so module loading is not counted against the first scenario.
await launchOnce(scenarios[0] ?? { name: 'warm-up', env: {} });

const rows: string[] = [];
for (const scenario of scenarios) {
  const served: number[] = [];
  const known: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const { served: servedAfter, known: knownAfter } = await launchOnce(scenario);
    served.push(servedAfter);
    known.push(knownAfter);
  }
  rows.push(`| ${scenario.name} | ${median(served).toFixed(0)} ms | ${median(known).toFixed(0)} ms |`);
}

console.log(`First state served vs. account known (median of ${runs} launches each, in one process)\n`);
console.log('| start | first state served | account known |');
console.log('| --- | ---: | ---: |');
console.log(rows.join('\n'));
