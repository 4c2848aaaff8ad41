// Crash survival, with real processes: start the app (`pnpm start`'s script), send turns through
// its contract, and SIGKILL it at random moments — while it starts, while a turn streams, while
// an image is saved, while a proposal is approved. 30 kills. Then the database must be intact
// (`PRAGMA integrity_check`), hold every turn that had finished, once and whole, and every
// proposal still pending must be approvable in a fresh launch. And two Forges on one data
// folder at once share the database without harming it.
import { readFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { contractResult } from '../support/contract-call.ts';
import { startApp } from '../support/start-app.ts';
import type { RunningApp } from '../support/start-app.ts';
import { nodeSqlite } from '../support/node-sqlite.ts';

const { DatabaseSync } = nodeSqlite();

interface Part {
  type: string;
  id?: string;
  status?: string;
  url?: string;
  thumbnail?: { url: string; url2x: string };
  relativePath?: string;
  text?: string;
}

interface Message {
  id: string;
  role: 'user' | 'assistant';
  parts: Part[];
  pending?: boolean;
  ending?: string;
}

interface State {
  threadId: string;
  messages: Message[];
  busy: boolean;
  hasOlder: boolean;
}

const kills = 30;
/** A seeded generator, so a failing run can be replayed (the seed is printed). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * A message as kept: the image's URLs are rebuilt on read, so compare without them; and a proposal
 * may have moved on (pending → applying → approved) after it was last seen, so its state is
 * checked on its own.
 */
function comparable(message: Message): unknown {
  const parts = message.parts.map(({ url: _url, thumbnail: _thumbnail, ...part }) => {
    if (part.type !== 'proposal') return part;
    const { status: _status, ...rest } = part as Part & { error?: string };
    delete (rest as { error?: string }).error;
    return rest;
  });
  return JSON.parse(JSON.stringify({ ...message, parts })) as unknown;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SIGKILL at random moments', () => {
  let root: string;
  let home: string;
  let project: string;
  const seed = Number(process.env.FORGE_CRASH_SEED ?? Date.now() % 1_000_000);

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'forge-e2e-crash-'));
    home = join(root, 'home');
    project = join(root, 'project');
    await mkdir(home);
    await mkdir(project);
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it(`keeps every finished turn, whole and once, and every pending proposal approvable, across ${String(kills)} kills`, { timeout: 1_800_000 }, async () => {
    console.log(`crash test seed ${String(seed)} (FORGE_CRASH_SEED replays it)`);
    const next = random(seed);
    /** Every message seen finished (its last finished form), by id. */
    const finished = new Map<string, { threadId: string; message: Message }>();
    const approvedProposals = new Set<string>();
    let sent = 0;

    for (let round = 0; round < kills; round += 1) {
      const delayMs = String(Math.floor(next() * 400));
      const app: RunningApp = await startApp(['--project', project], { FORGE_HOME: home, FORGE_BACKEND: 'offline', FORGE_OFFLINE_DELAY_MS: delayMs });
      // Kill anywhere from right after it starts serving to a few turns in.
      const killAfterMs = next() < 0.15 ? 0 : Math.floor(next() * 3000);
      const killAt = Date.now() + killAfterMs;
      const observe = async (): Promise<void> => {
        try {
          if (next() < 0.3) await contractResult(app, 'newThread');
          while (Date.now() < killAt) {
            const state = await contractResult<State>(app, 'getState');
            for (const message of state.messages) {
              if (message.pending !== true) finished.set(message.id, { threadId: state.threadId, message });
              for (const part of message.parts) {
                // Approve some proposals (a kill may land mid-write), leave the others pending.
                if (part.type === 'proposal' && part.status === 'pending' && part.id !== undefined && next() < 0.3) {
                  await contractResult(app, 'approveProposal', { proposalId: part.id });
                  approvedProposals.add(part.id);
                }
              }
            }
            if (!state.busy) {
              sent += 1;
              await contractResult(app, 'sendMessage', { text: `Draw crash test picture ${String(sent)}` });
            }
            await wait(20 + Math.floor(next() * 60));
          }
        } catch {
          // The kill may cut a call short: what it did or did not do is checked below.
        }
      };
      const observing = observe();
      await wait(killAfterMs);
      await app.kill('SIGKILL');
      await observing;
    }
    expect(sent).toBeGreaterThan(kills);

    // The database, as the killed processes left it.
    const databasePath = join(home, '.local', 'share', 'forge', 'forge.db');
    const database = new DatabaseSync(databasePath);
    try {
      expect(database.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
      const rows = database.prepare('SELECT id, thread_id, seq, role, pending, body FROM messages ORDER BY thread_id, seq').all() as {
        id: string;
        thread_id: string;
        seq: number;
        role: string;
        pending: number;
        body: string;
      }[];
      expect(rows.length).toBeGreaterThan(0);
      // No torn message: every body is whole JSON with its parts; no image bytes anywhere.
      for (const row of rows) {
        const body = JSON.parse(row.body) as { parts?: unknown };
        expect(Array.isArray(body.parts)).toBe(true);
        expect(row.body).not.toContain('data:image');
      }
      // No duplicate: each request was kept once.
      const requests = rows.filter((row) => row.role === 'user').map((row) => JSON.stringify(JSON.parse(row.body)));
      expect(new Set(requests).size).toBe(requests.length);
      // Every finished message is there, as it was when it finished.
      const byId = new Map(rows.map((row) => [row.id, row]));
      for (const [id, { threadId, message }] of finished) {
        const row = byId.get(id);
        expect(row, `message ${id} finished before a kill but is not in the database`).toBeDefined();
        expect(row?.thread_id).toBe(threadId);
        const { id: _id, role: _role, ...kept } = message;
        expect(comparable({ id, role: message.role, ...(JSON.parse(row?.body ?? '{}') as Omit<Message, 'id' | 'role'>) })).toEqual(comparable({ id, role: message.role, ...kept }));
      }
    } finally {
      database.close();
    }

    // A fresh launch: nothing left half-done, and every pending proposal can be approved.
    const app = await startApp(['--project', project], { FORGE_HOME: home, FORGE_BACKEND: 'offline', FORGE_OFFLINE_DELAY_MS: '0' });
    try {
      const threads = await contractResult<{ threadId: string; messageCount: number }[]>(app, 'listThreads');
      let approvedNow = 0;
      let interrupted = 0;
      for (const thread of threads) {
        // The latest page, then every older page from the database: the whole thread, each message once.
        const state = await contractResult<State>(app, 'openThread', { threadId: thread.threadId });
        const messages = [...state.messages];
        for (let older = state.hasOlder; older; ) {
          const page = await contractResult<{ messages: Message[]; hasOlder: boolean }>(app, 'loadOlder', { threadId: thread.threadId, before: messages[0]?.id });
          messages.unshift(...page.messages);
          older = page.hasOlder;
        }
        expect(messages).toHaveLength(thread.messageCount);
        expect(new Set(messages.map((message) => message.id)).size).toBe(thread.messageCount);
        for (const message of messages) {
          expect(message.pending === true, `message ${message.id} still pending after a restart`).toBe(false);
          if (message.ending === 'interrupted') interrupted += 1;
          for (const part of message.parts) {
            if (part.type === 'image') expect(part.status, 'an image still generating after a restart').not.toBe('generating');
            if (part.type !== 'proposal' || part.id === undefined) continue;
            if (approvedProposals.has(part.id) && part.status === 'approved') continue;
            expect(['pending', 'approved', 'failed']).toContain(part.status);
            if (part.status === 'pending') {
              const { message: after } = await contractResult<{ message: Message }>(app, 'approveProposal', { proposalId: part.id });
              expect(after.parts.find((candidate) => candidate.id === part.id)?.status).toBe('approved');
              approvedNow += 1;
            }
          }
        }
      }
      console.log(`crash test: ${String(sent)} turns sent, ${String(finished.size)} finished messages checked, ${String(interrupted)} interrupted, ${String(approvedNow)} proposals approved after the kills`);
      // Every image of the thread is logged in ASSETS.md once it is approved.
      const assets = await readFile(join(project, '.forge', 'ASSETS.md'), 'utf8').catch(() => '');
      for (const { message } of finished.values()) {
        for (const part of message.parts) {
          if (part.type === 'image' && part.status === 'completed' && part.relativePath !== undefined) {
            expect(assets).toContain(basename(part.relativePath));
          }
        }
      }
    } finally {
      await app.stop();
    }
  });

  it('lets two Forges use one data folder at once: both keep everything, and the database stays whole', { timeout: 600_000 }, async () => {
    const shared = join(root, 'shared-home');
    await mkdir(shared);
    const projects = [join(root, 'two-a'), join(root, 'two-b')];
    for (const folder of projects) await mkdir(folder);
    const apps = await Promise.all(projects.map((folder) => startApp(['--project', folder], { FORGE_HOME: shared, FORGE_BACKEND: 'offline', FORGE_OFFLINE_DELAY_MS: '0' })));
    try {
      const turns = 8;
      const sentBy = await Promise.all(
        apps.map(async (app, index) => {
          const ids: string[] = [];
          for (let turn = 0; turn < turns; turn += 1) {
            const { messageId } = await contractResult<{ messageId: string }>(app, 'sendMessage', { text: `Draw picture ${String(turn)} from Forge ${String(index)}` });
            ids.push(messageId);
            for (let polls = 0; polls < 600 && (await contractResult<State>(app, 'getState')).busy; polls += 1) await wait(25);
          }
          return ids;
        }),
      );
      for (const [index, app] of apps.entries()) {
        const state = await contractResult<State>(app, 'getState');
        expect(state.messages.filter((message) => message.role === 'assistant').map((message) => message.id)).toEqual(sentBy[index]);
      }
    } finally {
      await Promise.all(apps.map((app) => app.stop()));
    }
    const database = new DatabaseSync(join(shared, '.local', 'share', 'forge', 'forge.db'));
    try {
      expect(database.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
      expect(database.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 32 });
      expect(database.prepare('SELECT count(*) AS n FROM workspaces').get()).toEqual({ n: 2 });
    } finally {
      database.close();
    }
  });
});
