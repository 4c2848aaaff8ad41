import { describe, expect, it } from 'vitest';

import type { ChatMessageData, WorkspaceState } from '../../contract/index.ts';
import { classicTranscript, drawnThumbnail, latestThumbnails, mergeState, prependPage, withoutThumbnails } from './transcript-pages.ts';

const message = (index: number): ChatMessageData => ({ id: `m-${String(index)}`, role: 'user', parts: [{ type: 'text', text: String(index) }] });
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, index) => message(from + index));

function state(messages: ChatMessageData[], overrides: Partial<WorkspaceState> = {}): WorkspaceState {
  // Only the fields the transcript reads; the rest of the state passes through untouched.
  return { threadId: 't1', messages, hasOlder: true, messageCount: 100, ...overrides } as WorkspaceState;
}

const ids = (value: WorkspaceState) => value.messages.map((entry) => entry.id);

describe('the open thread in the renderer', () => {
  it('takes a finished image\'s thumbnail sent with its message as that image\'s 1× picture, byte for byte', async () => {
    const bytes = Uint8Array.from([0x52, 0x49, 0x46, 0x46, 0, 255, 128, 7]);
    const webp = Buffer.from(bytes).toString('base64');
    const finished: ChatMessageData = {
      id: 'm',
      role: 'assistant',
      parts: [
        { type: 'image', id: 'drawing', status: 'generating', prompt: 'p', startedAt: 0 },
        { type: 'image', id: 'done', status: 'completed', prompt: 'p', url: '/files/a.png', width: 3, height: 2, mediaType: 'image/png', relativePath: 'a.png', model: 'm', createdAt: '2026-12-02T00:00:00Z', thumbnail: { url: '/t/a?h=192', url2x: '/t/a?h=384' } },
      ],
    };
    const thumbnail = drawnThumbnail(finished, { partId: 'done', webp });
    expect(thumbnail).toMatchObject({ url: '/t/a?h=192', url2x: '/t/a?h=384' });
    expect(thumbnail?.picture.type).toBe('image/webp');
    expect(new Uint8Array(await thumbnail!.picture.arrayBuffer())).toEqual(bytes);
    // Nothing to draw: an image still drawing, or one that is not in the message.
    expect(drawnThumbnail(finished, { partId: 'drawing', webp })).toBeUndefined();
    expect(drawnThumbnail(finished, { partId: 'elsewhere', webp })).toBeUndefined();
  });

  it('names the latest finished pictures first, for the first screen to fetch while it lays out', () => {
    const picture = (id: string, status: 'completed' | 'generating' = 'completed'): ChatMessageData['parts'][number] =>
      status === 'completed'
        ? { type: 'image', id, status, prompt: id, url: `/files/${id}.png`, width: 3, height: 2, mediaType: 'image/png', relativePath: `${id}.png`, model: 'forge-offline-1', createdAt: '2026-12-02T00:00:00Z', thumbnail: { url: `/t/${id}?h=192`, url2x: `/t/${id}?h=384` } }
        : { type: 'image', id, status, prompt: id, startedAt: 0 };
    const messages: ChatMessageData[] = [
      { id: 'a', role: 'assistant', parts: [picture('oldest'), picture('old')] },
      message(1),
      { id: 'b', role: 'assistant', parts: [picture('left'), { type: 'text', text: 'two variants' }, picture('right')] },
      { id: 'c', role: 'assistant', parts: [picture('drawing', 'generating')] },
    ];
    expect(latestThumbnails(messages, 3).map((thumbnail) => thumbnail.url)).toEqual(['/t/right?h=192', '/t/left?h=192', '/t/old?h=192']);
    expect(latestThumbnails(messages, 1)).toEqual([{ url: '/t/right?h=192', url2x: '/t/right?h=384' }]);
    expect(latestThumbnails([message(1)], 3)).toEqual([]);
  });

  it('puts an older page above the loaded messages, once', () => {
    const next = prependPage(state(range(50, 100)), { messages: range(0, 51), hasOlder: false });
    expect(ids(next)).toEqual(range(0, 100).map((entry) => entry.id));
    expect(next.hasOlder).toBe(false);
  });

  it('keeps the older pages already loaded when the same thread sends its state again', () => {
    const loaded = state(range(0, 100), { hasOlder: false });
    const resent = state([...range(51, 100), message(100)], { hasOlder: true, messageCount: 101 });
    const merged = mergeState(loaded, resent);
    expect(ids(merged)).toEqual(range(0, 101).map((entry) => entry.id));
    expect(merged.hasOlder).toBe(false);
    expect(merged.messageCount).toBe(101);
  });

  it('replaces everything for another thread, or when nothing overlaps', () => {
    const loaded = state(range(0, 100));
    const other = state(range(0, 50), { threadId: 't2' });
    expect(mergeState(loaded, other)).toBe(other);
    const gap = state(range(200, 250));
    expect(mergeState(loaded, gap)).toBe(gap);
    expect(mergeState(undefined, gap)).toBe(gap);
  });

  it('the classic transcript is asked for by ?transcript=classic and drops thumbnails', () => {
    expect(classicTranscript('?transcript=classic')).toBe(true);
    expect(classicTranscript('?token=x')).toBe(false);
    const image = { type: 'image', id: 'i', status: 'completed', prompt: 'p', url: '/files/a.png', width: 3, height: 2, mediaType: 'image/png', relativePath: 'a.png', model: 'm', createdAt: '', thumbnail: { url: '/t/a?h=192', url2x: '/t/a?h=384' } } as const;
    const stripped = withoutThumbnails({ id: 'a', role: 'assistant', parts: [image] });
    expect(stripped.parts[0]).not.toHaveProperty('thumbnail');
    expect(stripped.parts[0]).toMatchObject({ url: '/files/a.png' });
  });
});
