import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

import { expect, it } from 'vitest';

import { startFakeOpenAI } from './fake-openai-server.ts';

// Each test starts and stops a real CLI process (~1 s on a busy two-core machine): room for 4× slower.
it('the CLI prints its base URL and serves the scenario it was started with', async () => {
  const cli = spawn(process.execPath, [fileURLToPath(new URL('cli.ts', import.meta.url)), '--scenario', 'quota'], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const [chunk] = (await once(cli.stdout, 'data')) as [Buffer];
    const url = chunk.toString().trim();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const response = await fetch(`${url}/images/generations`, { method: 'POST', body: JSON.stringify({ prompt: 'x' }) });
    expect(response.status).toBe(429);
  } finally {
    cli.kill('SIGTERM');
    await once(cli, 'exit');
  }
}, 30_000);

it('takes its options after the `--` that `pnpm start -- --port N` passes through', async () => {
  const probe = await startFakeOpenAI({ port: 0 });
  const port = probe.port;
  await probe.close();
  const cli = spawn(process.execPath, [fileURLToPath(new URL('cli.ts', import.meta.url)), '--', '--port', String(port), '--scenario', 'quota'], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const [chunk] = (await once(cli.stdout, 'data')) as [Buffer];
    expect(chunk.toString().trim()).toBe(`http://127.0.0.1:${String(port)}/v1`);
  } finally {
    cli.kill('SIGTERM');
    await once(cli, 'exit');
  }
}, 30_000);
