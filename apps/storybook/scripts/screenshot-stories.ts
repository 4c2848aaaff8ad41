// Screenshots every story of the built Storybook (storybook-static) in headless Chromium,
// light and dark, into /tmp/forge-story-shots (never into git), so the UI can be checked
// by looking. Run `pnpm build` first, then `pnpm screenshots [filter]`.
import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromiumArgs, chromiumExecutablePath } from '@forge/chromium';
import { chromium } from 'playwright';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../storybook-static');
const outputDirectory = process.env.FORGE_SHOTS_DIR ?? '/tmp/forge-story-shots';
const filter = process.argv[2] ?? '';

if (!existsSync(path.join(root, 'index.json'))) {
  console.error(`No built Storybook at ${root}; run \`pnpm build\` first.`);
  process.exit(1);
}

const types: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const file = path.join(root, decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname));
  if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(response);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

interface IndexEntry {
  id: string;
  type: 'story' | 'docs';
}
const index = (await (await fetch(`${origin}/index.json`)).json()) as { entries: Record<string, IndexEntry> };
const stories = Object.values(index.entries).filter((entry) => entry.type === 'story' && entry.id.includes(filter));

mkdirSync(outputDirectory, { recursive: true });
const browser = await chromium.launch({ executablePath: chromiumExecutablePath(), headless: true, args: [...chromiumArgs] });

const failures: string[] = [];
for (const colorScheme of ['light', 'dark'] as const) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 720 }, colorScheme, reducedMotion: 'reduce' });
  const page = await context.newPage();
  page.on('pageerror', (error) => failures.push(`${page.url()}: ${error.message}`));
  for (const story of stories) {
    await page.goto(`${origin}/iframe.html?id=${story.id}&viewMode=story`, { waitUntil: 'load' });
    await page.waitForSelector('#storybook-root > *', { timeout: 10_000 });
    // Let play functions finish (the simulated flow takes the longest).
    await page.waitForTimeout(story.id.includes('simulated') ? 3_500 : 900);
    await page.screenshot({ path: path.join(outputDirectory, `${story.id}.${colorScheme}.png`), fullPage: true });
  }
  await context.close();
}

await browser.close();
server.close();
console.log(`${stories.length * 2} screenshots in ${outputDirectory}`);
if (failures.length > 0) {
  console.error(failures.join('\n'));
  process.exitCode = 1;
}
