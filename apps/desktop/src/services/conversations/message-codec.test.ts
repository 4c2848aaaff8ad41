import { describe, expect, it } from 'vitest';

import type { ChatMessageData, ChatPart } from '../../contract/index.ts';
import { decodeMessage, encodeMessage, settleAfterRestart } from './message-codec.ts';

const assetUrl = (relativePath: string): string => `forge-asset://asset/${relativePath}`;

const completed: ChatPart = {
  type: 'image',
  id: 'i1',
  status: 'completed',
  prompt: 'a fox',
  url: 'http://127.0.0.1:1/files/.forge/generated/fox.png',
  width: 4,
  height: 2,
  mediaType: 'image/png',
  relativePath: '.forge/generated/fox.png',
  model: 'm',
  createdAt: '2026-03-12T10:00:00.000Z',
};
const generating: ChatPart = { type: 'image', id: 'i2', status: 'generating', prompt: 'a fox', startedAt: 7, partialUrl: 'data:image/png;base64,AAAA' };
const failed: ChatPart = { type: 'image', id: 'i3', status: 'failed', prompt: 'a fox', error: { code: 'rate_limited', message: 'slow down', retryable: true } };
const cancelled: ChatPart = { type: 'image', id: 'i4', status: 'cancelled', prompt: 'a fox' };
const waiting: ChatPart = { type: 'approval', id: 'r1', request: { kind: 'command', command: 'ls', cwd: '/game' }, status: 'pending' };
const allowed: ChatPart = { type: 'approval', id: 'r2', request: { kind: 'command', command: 'pwd', cwd: '/game' }, status: 'allowed' };
const proposal = (status: 'pending' | 'applying' | 'approved' | 'rejected' | 'failed'): ChatPart => ({ type: 'proposal', id: `p-${status}`, file: '.forge/ASSETS.md', operation: 'append', body: 'entry', status });

function roundTrip(message: ChatMessageData): ChatMessageData {
  const encoded = encodeMessage(message);
  return decodeMessage({ id: message.id, role: encoded.role, pending: encoded.pending ? 1 : 0, body: encoded.body }, assetUrl);
}

describe('encodeMessage / decodeMessage', () => {
  it('keeps every part as it was, with a completed image by its file and its URL rebuilt for this host', () => {
    const message: ChatMessageData = {
      id: 'a1',
      role: 'assistant',
      pending: false,
      status: 'note',
      ending: 'stopped',
      parts: [{ type: 'text', text: 'Here <b>it</b> is \u0000' }, completed, failed, cancelled, proposal('approved'), { type: 'error', error: { code: 'server', message: 'x', retryable: true } }],
    };
    const encoded = encodeMessage(message);
    expect(encoded).toMatchObject({ role: 'assistant', pending: false });
    expect(encoded.body).not.toContain('http://');
    expect(encoded.body).not.toContain('"id":"a1"');
    expect(roundTrip(message)).toEqual({ ...message, parts: message.parts.map((part) => (part === completed ? { ...completed, url: 'forge-asset://asset/.forge/generated/fox.png' } : part)) });
  });

  it('never keeps a partial preview, and keeps a pending message pending', () => {
    const message: ChatMessageData = { id: 'a1', role: 'assistant', pending: true, parts: [generating] };
    const encoded = encodeMessage(message);
    expect(encoded.pending).toBe(true);
    expect(encoded.body).not.toContain('data:');
    expect(roundTrip(message)).toEqual({ id: 'a1', role: 'assistant', pending: true, parts: [{ type: 'image', id: 'i2', status: 'generating', prompt: 'a fox', startedAt: 7 }] });
  });

  it('trusts the pending column when the body does not say', () => {
    expect(decodeMessage({ id: 'a1', role: 'assistant', pending: 1, body: '{"parts":[]}' }, assetUrl)).toEqual({ id: 'a1', role: 'assistant', pending: true, parts: [] });
    expect(decodeMessage({ id: 'a1', role: 'assistant', pending: 0, body: '{"parts":[]}' }, assetUrl)).toEqual({ id: 'a1', role: 'assistant', parts: [] });
  });

  it('gives a URL only to a completed image that names its file', () => {
    const body = JSON.stringify({
      parts: [
        { type: 'image', id: 'x', status: 'failed', prompt: 'p', relativePath: 'generated/a.png', error: { code: 'c', message: 'm', retryable: false } },
        { type: 'approval', id: 'y', status: 'completed', relativePath: 'generated/b.png' },
        { type: 'image', id: 'z', status: 'completed', prompt: 'p' },
      ],
    });
    const parts = decodeMessage({ id: 'm', role: 'assistant', pending: 0, body }, assetUrl).parts as unknown as Record<string, unknown>[];
    expect(parts.map((part) => part.url)).toEqual([undefined, undefined, undefined]);
  });

  it('reads a body Forge did not write as one error part', () => {
    const unreadable = { type: 'error', error: { code: 'unreadable', message: 'This message could not be read from the conversations database.', retryable: false } };
    for (const body of ['{', 'null', '[]', '"text"', '{"parts":{}}', '{"parts":null}']) {
      expect(decodeMessage({ id: 'm', role: 'assistant', pending: 0, body }, assetUrl)).toEqual({ id: 'm', role: 'assistant', parts: [unreadable] });
    }
    expect(decodeMessage({ id: 'm', role: 'robot', pending: 0, body: '{"parts":[null,7,{"type":3},{"type":"text","text":"ok"}]}' }, assetUrl)).toEqual({
      id: 'm',
      role: 'user',
      parts: [unreadable, unreadable, unreadable, { type: 'text', text: 'ok' }],
    });
  });
});

describe('settleAfterRestart', () => {
  it('finishes a turn that was in flight as interrupted, cancels its drawing, and offers its applying proposal again', () => {
    const message: ChatMessageData = {
      id: 'a1',
      role: 'assistant',
      pending: true,
      status: 'Connection lost. Reconnecting…',
      startedAt: 1_700_000_000_000,
      parts: [{ type: 'text', text: 'so far' }, generating, completed, failed, cancelled, proposal('applying'), proposal('pending'), proposal('rejected'), waiting, allowed],
    };
    const { message: settled, changed } = settleAfterRestart(message);
    expect(changed).toBe(true);
    expect(settled).toEqual({
      id: 'a1',
      role: 'assistant',
      pending: false,
      ending: 'interrupted',
      parts: [
        { type: 'text', text: 'so far' },
        { type: 'image', id: 'i2', status: 'cancelled', prompt: 'a fox' },
        completed,
        failed,
        cancelled,
        { ...proposal('applying'), status: 'pending' },
        proposal('pending'),
        proposal('rejected'),
        { ...waiting, status: 'declined' },
        allowed,
      ],
    });
  });

  it('settles a finished message only where a part was half done, and leaves a whole one as it is', () => {
    const whole: ChatMessageData = { id: 'a1', role: 'assistant', pending: false, parts: [completed, proposal('approved'), proposal('failed')] };
    expect(settleAfterRestart(whole)).toEqual({ message: whole, changed: false });
    const applying: ChatMessageData = { id: 'a2', role: 'assistant', pending: false, parts: [proposal('applying')] };
    expect(settleAfterRestart(applying)).toEqual({ message: { id: 'a2', role: 'assistant', pending: false, parts: [{ ...proposal('applying'), status: 'pending' }] }, changed: true });
    // A part of another kind in the same states is not touched.
    const other = { id: 'a3', role: 'assistant', pending: false, parts: [{ type: 'note', id: 'x', status: 'generating' }, { type: 'note', id: 'y', status: 'applying' }, { type: 'note', id: 'z', status: 'pending' }] } as unknown as ChatMessageData;
    expect(settleAfterRestart(other).changed).toBe(false);
  });
});
