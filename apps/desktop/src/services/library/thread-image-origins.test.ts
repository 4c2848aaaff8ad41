// Show in chat's lookup in the conversations database: the message whose completed image
// part names the file, in any thread of the open workspace, and nothing it merely resembles.
import { afterEach, beforeEach, expect, it } from 'vitest';

import type { ChatMessageData } from '../../contract/index.ts';
import { openConversationDatabase } from '../conversations/conversation-database.ts';
import type { ConversationDatabase } from '../conversations/conversation-database.ts';
import { ThreadRepository } from '../conversations/thread-repository.ts';
import type { ImageOriginLookup } from './image-origins.ts';
import { firstOrigin, threadImageOrigins } from './thread-image-origins.ts';

const path = '.forge/generated/20261120-100000-000.png';
let database: ConversationDatabase;
let repository: ThreadRepository;
let open: string;

function imageMessage(id: string, relativePath: string, status: 'completed' | 'failed' = 'completed', role: 'assistant' | 'user' = 'assistant'): ChatMessageData {
  const image =
    status === 'completed'
      ? { type: 'image' as const, id: `${id}-image`, status, url: `/files/${relativePath}`, relativePath, prompt: 'a lighthouse', width: 1024, height: 1024, mediaType: 'image/png' }
      : { type: 'image' as const, id: `${id}-image`, status, prompt: 'a lighthouse', error: { code: 'server', message: 'no', retryable: true } };
  return { id, role, parts: [{ type: 'text', text: `Here it is: ${relativePath}` }, image] } as ChatMessageData;
}

beforeEach(() => {
  database = openConversationDatabase({});
  repository = new ThreadRepository({ database, assetUrl: (relativePath) => `/files/${relativePath}` });
  const workspace = repository.touchWorkspace('project', '/home/ada/airship');
  open = repository.createThread(workspace.id).threadId;
});

afterEach(() => database.close());

const lookup = (): ImageOriginLookup => threadImageOrigins({ connection: () => database.connection, threadId: () => open });

it('finds the message of another thread of the workspace that holds the completed image', async () => {
  const workspace = repository.touchWorkspace('project', '/home/ada/airship');
  const older = repository.createThread(workspace.id).threadId;
  repository.saveMessage(older, { id: 'ask', role: 'user', parts: [{ type: 'text', text: `Use ${path} again` }] });
  repository.saveMessage(older, imageMessage('made', path));
  expect(await lookup().find(path)).toEqual({ threadId: older, messageId: 'made', imageId: 'made-image' });
  expect(await lookup().find('.forge/generated/20261120-100000-001.png')).toBeUndefined();
});

it('passes over a path in text, a failed image, a user message, an unreadable body and another workspace', async () => {
  const other = repository.touchWorkspace('project', '/home/ada/elsewhere');
  repository.saveMessage(repository.createThread(other.id).threadId, imageMessage('elsewhere', path));
  repository.saveMessage(open, { id: 'mention', role: 'assistant', parts: [{ type: 'text', text: `"relativePath":"${path}"` }] });
  repository.saveMessage(open, imageMessage('failed', path, 'failed'));
  repository.saveMessage(open, imageMessage('user', path, 'completed', 'user'));
  database.connection.prepare("UPDATE messages SET body = ? WHERE id = 'mention'").run(`{ not json ${JSON.stringify(path)}`);
  expect(await lookup().find(path)).toBeUndefined();

  repository.saveMessage(open, imageMessage('made', path));
  expect(await lookup().find(path)).toEqual({ threadId: open, messageId: 'made', imageId: 'made-image' });
});

it('reads the database it is given now (a fresh start swaps it)', async () => {
  repository.saveMessage(open, imageMessage('made', path));
  const fresh = openConversationDatabase({});
  let current = database;
  const swapping = threadImageOrigins({ connection: () => current.connection, threadId: () => open });
  expect(await swapping.find(path)).toMatchObject({ messageId: 'made' });
  current = fresh;
  expect(await swapping.find(path)).toBeUndefined();
  fresh.close();
});

it('firstOrigin answers with the first lookup that knows the image', async () => {
  const none: ImageOriginLookup = { find: () => Promise.resolve(undefined) };
  const session: ImageOriginLookup = { find: (relativePath) => Promise.resolve(relativePath === path ? { threadId: 't', messageId: 'm', imageId: 'i' } : undefined) };
  repository.saveMessage(open, imageMessage('kept', path));
  expect(await firstOrigin([none, session, lookup()]).find(path)).toEqual({ threadId: 't', messageId: 'm', imageId: 'i' });
  expect(await firstOrigin([none, lookup()]).find(path)).toMatchObject({ messageId: 'kept' });
  expect(await firstOrigin([none]).find(path)).toBeUndefined();
});

it('reads each candidate body part by part: only a completed image part of that file with an id', async () => {
  const quoted = JSON.stringify(path);
  const bodies = [
    // Each names the file (so the query takes it), and each falls short in one way.
    `{"parts":{"type":"image","status":"completed","relativePath":${quoted},"id":"x"}}`,
    `{"parts":[null,{"type":"text","text":${quoted}}]}`,
    `{"parts":[{"type":"file","status":"completed","relativePath":${quoted},"id":"x"}]}`,
    `{"parts":[{"type":"image","status":"failed","relativePath":${quoted},"id":"x"}]}`,
    `{"parts":[{"type":"image","status":"completed","relativePath":".forge/generated/other.png","id":"x","note":${quoted}}]}`,
    `{"parts":[{"type":"image","status":"completed","relativePath":${quoted},"id":7}]}`,
    `{"parts":[{"type":"image","status":"completed","relativePath":${quoted}}]}`,
    `[${quoted}]`,
    `{ not json ${quoted}`,
  ];
  bodies.forEach((body, index) => {
    repository.saveMessage(open, { id: `m${String(index)}`, role: 'assistant', parts: [] });
    database.connection.prepare('UPDATE messages SET body = ? WHERE id = ?').run(body, `m${String(index)}`);
  });
  expect(await lookup().find(path)).toBeUndefined();
  repository.saveMessage(open, { id: 'good', role: 'assistant', parts: [] });
  database.connection.prepare("UPDATE messages SET body = ? WHERE id = 'good'").run(`{"parts":[null,{"type":"image","status":"completed","relativePath":${quoted},"id":"the-image"}]}`);
  expect(await lookup().find(path)).toEqual({ threadId: open, messageId: 'good', imageId: 'the-image' });
});
