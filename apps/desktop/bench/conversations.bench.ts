// Measures the conversations database against its targets, side by side in one run:
// opening a thread of 1,000 messages (the query, the session, and the contract response as
// the web host sends it, JSON included) and appending a message with 100,000 already stored
// (the main thread's time, until the background flush has it on disk, and the old way synced
// on the main thread; and as streaming text is written). Prints medians and p90s.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { createOfflineBackend } from '@forge/agent';

import type { ChatMessageData } from '../src/contract/index.ts';
import { openConversationDatabase } from '../src/services/conversations/conversation-database.ts';
import { encodeMessage } from '../src/services/conversations/message-codec.ts';
import { ThreadRepository } from '../src/services/conversations/thread-repository.ts';
import { createForgeServices } from '../src/services/forge-services.ts';
import { createLogger } from '../src/services/logger.ts';

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? 0;
}

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const ms = (value: number): string => `${value.toFixed(value < 10 ? 2 : 1)} ms`;

/** A turn as a chat keeps it: the request, and a reply with text, a saved image and its proposal. */
function turn(index: number): ChatMessageData[] {
  const file = `generated/20260312-10${String(Math.floor(index / 60) % 60).padStart(2, '0')}${String(index % 60).padStart(2, '0')}-000.png`;
  return [
    { id: `u-${String(index)}`, role: 'user', parts: [{ type: 'text', text: `Concept art for a steampunk airship, variation ${String(index)}, over a foggy harbour at dawn` }] },
    {
      id: `a-${String(index)}`,
      role: 'assistant',
      pending: false,
      parts: [
        { type: 'text', text: 'Here is a brass-and-canvas airship drifting over the harbour, lit from the east. Want a closer view of the gondola?' },
        {
          type: 'image',
          id: `i-${String(index)}`,
          status: 'completed',
          prompt: 'Concept art for a steampunk airship over a foggy harbour at dawn',
          revisedPrompt: 'A brass-and-canvas steampunk airship with copper propellers drifting above a foggy harbour at dawn, warm rim light, painterly',
          url: `/files/.forge/${file}`,
          width: 1536,
          height: 1024,
          mediaType: 'image/png',
          relativePath: `.forge/${file}`,
          model: 'gpt-image-2',
          createdAt: '2026-03-12T10:00:00.000Z',
        },
        {
          type: 'proposal',
          id: `p-${String(index)}`,
          file: '.forge/ASSETS.md',
          operation: 'append',
          body: `## 2026-03-12 10:00:00 UTC — ${file}\n\n- File: [${file}](${file})\n- Model: gpt-image-2\n- Size: 1536 × 1024 (image/png)\n\n**Prompt**\n\n\`\`\`text\nConcept art for a steampunk airship\n\`\`\`\n`,
          status: 'pending',
        },
      ],
    },
  ];
}

/** Fills a thread in one transaction with the repository's own encoding (the setup is not measured). */
function seed(repository: ThreadRepository, threadId: string, messages: number, offset: number): void {
  const { connection } = repository.database;
  const insert = connection.prepare('INSERT INTO messages (id, thread_id, seq, role, pending, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  repository.database.write(() => {
    for (let index = 0; index < messages / 2; index += 1) {
      for (const [position, message] of turn(offset + index).entries()) {
        const encoded = encodeMessage(message);
        insert.run(`${threadId}-${message.id}`, threadId, index * 2 + position + 1, encoded.role, 0, encoded.body, '2026-03-12T10:00:00.000Z', '2026-03-12T10:00:00.000Z');
      }
    }
    connection.prepare('UPDATE threads SET message_count = ? WHERE id = ?').run(messages, threadId);
  });
}

const workDir = await mkdtemp(path.join(os.tmpdir(), 'forge-conversations-bench-'));
const rows: [string, string, string, string][] = [];
try {
  // 1. Open a thread of 1,000 messages, through the contract, cold each time (its session is
  //    dropped when another thread opens), and the JSON the web host sends for it.
  const projectDir = path.join(workDir, 'project');
  const dataDir = path.join(workDir, 'data');
  await mkdir(projectDir);
  const services = await createForgeServices({
    workspace: { mode: 'project', projectDir },
    dataDir,
    home: workDir,
    cacheDir: path.join(workDir, 'cache'),
    backend: createOfflineBackend(),
    assetUrl: (relativePath) => `/files/${relativePath}`,
    logger: createLogger({ write: () => undefined }),
  });
  const small = (await services.call('getState', {})).threadId;
  await services.call('sendMessage', { text: 'hello' });
  const { threadId: big } = await services.call('newThread', {});
  {
    const database = openConversationDatabase({ path: path.join(dataDir, 'forge.db') });
    seed(new ThreadRepository({ database, assetUrl: (relativePath) => relativePath }), big, 1000, 0);
    database.close();
  }
  await services.call('openThread', { threadId: small });
  const openTimes: number[] = [];
  let bytes = 0;
  for (let round = 0; round < 40; round += 1) {
    const start = performance.now();
    const response = await services.respond('openThread', { threadId: big });
    const json = JSON.stringify(response);
    openTimes.push(performance.now() - start);
    bytes = json.length;
    // The session holds all 1,000; the response carries the latest page (the rest is `loadOlder`'s).
    const opened = response.ok ? (response.result as { messages: unknown[]; messageCount: number }) : undefined;
    if (opened?.messageCount !== 1000 || opened.messages.length !== 50) throw new Error('the thread did not open with its 1,000 messages and the latest page of 50');
    await services.call('openThread', { threadId: small });
  }
  await services.close();
  // The query alone, for where the time goes.
  const database = openConversationDatabase({ path: path.join(dataDir, 'forge.db') });
  const repository = new ThreadRepository({ database, assetUrl: (relativePath) => `/files/${relativePath}` });
  const queryTimes: number[] = [];
  for (let round = 0; round < 40; round += 1) {
    const start = performance.now();
    repository.messages(big);
    queryTimes.push(performance.now() - start);
  }
  database.close();
  rows.push(['open a thread of 1,000 messages (query + session + the latest 50 in the contract response, JSON)', ms(median(openTimes)), ms(percentile(openTimes, 0.9)), '< 50 ms']);
  rows.push(['  of which the query and decoding of 1,000 messages', ms(median(queryTimes)), ms(percentile(queryTimes, 0.9)), '']);
  rows.push(['  response size', `${(bytes / 1024).toFixed(0)} kB`, '', '']);

  // 2. Append with 100,000 messages stored: 100 threads of 1,000, then new messages at the end of one.
  const appendDir = path.join(workDir, 'append');
  const appendDatabase = openConversationDatabase({ path: path.join(appendDir, 'forge.db') });
  const appendRepository = new ThreadRepository({ database: appendDatabase, assetUrl: (relativePath) => relativePath });
  const workspace = appendRepository.touchWorkspace('project', projectDir);
  const threads: string[] = [];
  for (let index = 0; index < 100; index += 1) {
    const thread = appendRepository.createThread(workspace.id);
    seed(appendRepository, thread.threadId, 1000, index * 500);
    threads.push(thread.threadId);
  }
  const stored = (appendDatabase.connection.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n;
  const target = threads[57] ?? '';
  const durable: number[] = [];
  const onDisk: number[] = [];
  const syncedInline: number[] = [];
  const streaming: number[] = [];
  for (let round = 0; round < 200; round += 1) {
    const [request, reply] = turn(100_000 + round);
    if (request === undefined || reply === undefined) throw new Error('no turn');
    let start = performance.now();
    appendRepository.saveMessage(target, { ...request, id: `bench-u-${String(round)}` });
    durable.push(performance.now() - start);
    await appendDatabase.synced();
    onDisk.push(performance.now() - start);
    start = performance.now();
    appendRepository.saveMessage(target, { ...reply, id: `bench-a-${String(round)}`, pending: true }, { durable: false });
    streaming.push(performance.now() - start);
    // The old way, side by side: the commit itself synced on the main thread.
    appendDatabase.connection.exec('PRAGMA synchronous = FULL');
    start = performance.now();
    appendRepository.saveMessage(target, { ...reply, id: `bench-a-${String(round)}`, pending: false });
    syncedInline.push(performance.now() - start);
    appendDatabase.connection.exec('PRAGMA synchronous = NORMAL');
    await appendDatabase.synced();
  }
  appendDatabase.close();
  rows.push([`append a message at ${stored.toLocaleString('en')} stored: the main thread's time (in the WAL; flushed in the background)`, ms(median(durable)), ms(percentile(durable, 0.9)), '< 2 ms']);
  rows.push(['  the same message on disk (the background flush done)', ms(median(onDisk)), ms(percentile(onDisk, 0.9)), '']);
  rows.push(['  the old way: the commit synced on the main thread (synchronous=FULL)', ms(median(syncedInline)), ms(percentile(syncedInline, 0.9)), '']);
  rows.push(['append a message, streaming text (not flushed on its own: the next durable write covers it)', ms(median(streaming)), ms(percentile(streaming, 0.9)), '< 2 ms']);
} finally {
  await rm(workDir, { recursive: true, force: true });
}

const widths = [0, 1, 2, 3].map((column) => Math.max(...[['measure', 'median', 'p90', 'target'], ...rows].map((row) => (row[column] ?? '').length)));
const line = (row: string[]): string => `| ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
console.log(`conversations bench, node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0]?.toFixed(2) ?? '?'}`);
console.log(line(['measure', 'median', 'p90', 'target']));
console.log(line(widths.map((width) => '-'.repeat(width))));
for (const row of rows) console.log(line(row));
