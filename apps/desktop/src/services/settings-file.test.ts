import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { openSettingsFile } from './settings-file.ts';

let dir: string;
let warnings: string[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'forge-settings-file-'));
  warnings = [];
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const open = (path = join(dir, 'forge', 'settings.json')) => openSettingsFile({ path, warn: (message) => warnings.push(message) });

describe('the settings file', () => {
  it('starts from defaults without a file, and reads back what it wrote in a folder it creates', async () => {
    const settings = open();
    expect(await settings.read()).toEqual({ imageModels: {} });
    expect(warnings).toEqual([]);
    await settings.write({ imageModels: { openai: 'gpt-image-1.5' } });
    expect(await open().read()).toEqual({ imageModels: { openai: 'gpt-image-1.5' } });
    // Only the file itself is left: no temporary beside it.
    expect(await readdir(join(dir, 'forge'))).toEqual(['settings.json']);
  });

  it('uses the defaults for a damaged file, says so, and the next change rewrites it', async () => {
    const path = join(dir, 'settings.json');
    for (const damaged of ['{"imageModels":', '[1, 2]', '"text"', 'null']) {
      await writeFile(path, damaged);
      warnings = [];
      const settings = open(path);
      expect(await settings.read()).toEqual({ imageModels: {} });
      expect(warnings.join('\n')).toContain(path);
    }
    const settings = open(path);
    await settings.read();
    await settings.write({ imageModels: { codex: 'gpt-image-2' } });
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ imageModels: { codex: 'gpt-image-2' } });
  });

  it('drops image models it cannot trust and keeps keys it does not know', async () => {
    const path = join(dir, 'settings.json');
    await writeFile(path, JSON.stringify({ imageModels: { openai: 42 }, theme: 'dark' }));
    const settings = open(path);
    expect(await settings.read()).toEqual({ imageModels: {} });
    await settings.write({ imageModels: { openai: 'gpt-image-1' } });
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ theme: 'dark', imageModels: { openai: 'gpt-image-1' } });
  });

  it('reads the stall timeout, warns about one it cannot use, and keeps it through a change', async () => {
    const path = join(dir, 'settings.json');
    await writeFile(path, JSON.stringify({ imageModels: {}, stallTimeoutMs: 90_000 }));
    const settings = open(path);
    expect(await settings.read()).toEqual({ imageModels: {}, stallTimeoutMs: 90_000 });
    await settings.write({ imageModels: { openai: 'gpt-image-1' } });
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ imageModels: { openai: 'gpt-image-1' }, stallTimeoutMs: 90_000 });
    for (const bad of ['fast', 5, 1.5e3 + 0.5, -1, 10 ** 12]) {
      await writeFile(path, JSON.stringify({ imageModels: {}, stallTimeoutMs: bad }));
      warnings = [];
      expect(await open(path).read()).toEqual({ imageModels: {} });
      expect(warnings.join('\n')).toContain('stallTimeoutMs');
    }
  });

  it('keeps the agent tools setting (off unless the file says exactly true)', async () => {
    const path = join(dir, 'settings.json');
    const settings = open(path);
    expect((await settings.read()).agentTools).toBeUndefined();
    await settings.write({ imageModels: {}, agentTools: true });
    expect(await open(path).read()).toEqual({ imageModels: {}, agentTools: true });
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ imageModels: {}, agentTools: true });
    for (const damaged of ['"true"', '1', '{"on":true}', 'null']) {
      await writeFile(path, `{"imageModels":{},"agentTools":${damaged},"theme":"dark"}`);
      const reread = open(path);
      expect(await reread.read()).toEqual({ imageModels: {} });
      // The next change writes a clean value, and keeps the keys it does not know.
      await reread.write({ imageModels: {}, agentTools: false });
      expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ theme: 'dark', imageModels: {}, agentTools: false });
    }
  });

  it('lets two rooms change their own keys without erasing each other (update)', async () => {
    const path = join(dir, 'settings.json');
    await writeFile(path, JSON.stringify({ imageModels: { openai: 'gpt-image-1' }, theme: 'dark' }));
    const settings = open(path);
    await settings.read();
    // The account keeps the chat model, Settings keeps agent tools: both at once, in either order.
    await Promise.all([settings.update((kept) => ({ ...kept, chatModel: 'gpt-5' })), settings.update((kept) => ({ ...kept, agentTools: true }))]);
    const merged = await settings.update((kept) => ({ ...kept, imageModels: { ...kept.imageModels, codex: 'gpt-image-2' } }));
    expect(merged).toEqual({ imageModels: { openai: 'gpt-image-1', codex: 'gpt-image-2' }, chatModel: 'gpt-5', agentTools: true });
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ theme: 'dark', imageModels: { openai: 'gpt-image-1', codex: 'gpt-image-2' }, chatModel: 'gpt-5', agentTools: true });
  });

  it('reads the file first when the first change comes before any read', async () => {
    const path = join(dir, 'settings.json');
    await writeFile(path, JSON.stringify({ imageModels: {}, stallTimeoutMs: 90_000 }));
    await open(path).update((kept) => ({ ...kept, agentTools: true }));
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ imageModels: {}, stallTimeoutMs: 90_000, agentTools: true });
  });

  it('writes one change at a time: the last of many quick changes is what stays', async () => {
    const settings = open();
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((model) => settings.write({ imageModels: { openai: `gpt-image-${model}` } })));
    expect(await open().read()).toEqual({ imageModels: { openai: 'gpt-image-e' } });
  });

  it('reports a folder it cannot write to, and leaves nothing behind', async () => {
    const blocker = join(dir, 'not-a-folder');
    await writeFile(blocker, 'a file where the folder should be');
    await expect(open(join(blocker, 'settings.json')).write({ imageModels: { openai: 'gpt-image-1' } })).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['not-a-folder']);
  });
});
