// The conversation: a scrolling log of messages that follows new content while the
// reader is at the bottom, and offers "Jump to latest" when they have scrolled up.
// Long threads stay light: only the messages near the viewport are mounted (@tanstack/react-virtual,
// anchored at the end, heights measured as they change), and reaching the top asks for the page
// above (`onLoadOlder`), which is prepended without moving what the reader sees.
import { useVirtualizer } from '@tanstack/react-virtual';
import { type ReactNode, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';

import type { ChatActions, ChatMessageData } from '../chat-types.ts';
import { ChatMessage } from '../chat-message/chat-message.tsx';
import { ArrowDownIcon } from '../icons/icons.tsx';
import { ImageIndexContext, indexImages } from '../image-viewer/image-index.ts';

export interface ChatTranscriptProps {
  /** The messages loaded so far, oldest first (the latest page, and any older pages loaded). */
  messages: ChatMessageData[];
  actions?: ChatActions | undefined;
  now?: (() => number) | undefined;
  /** Shown when there are no messages yet. */
  emptyState?: ReactNode;
  /** There are messages above the first one given: reaching the top calls `onLoadOlder`. */
  hasOlder?: boolean | undefined;
  /** Loads the page above and prepends it to `messages`; the transcript shows "Loading older messages…" until it settles. */
  onLoadOlder?: (() => Promise<unknown>) | undefined;
  /**
   * false mounts every message at once, the way Forge did before long chats (only for a
   * side-by-side benchmark or a tiny embed: a long thread then holds every image).
   */
  virtualized?: boolean | undefined;
  /** Scroll to this message, focus it and ring it briefly (the Library's "Show in chat"). */
  revealMessageId?: string | undefined;
  /** The reveal was done: `found` is false when no such message is shown. */
  onRevealed?: ((found: boolean) => void) | undefined;
}

/** How close to the bottom (px) still counts as "reading the latest". */
const stickThreshold = 48;
/** Messages mounted beyond each edge of the viewport (about 600 px), so Tab and short scrolls find them ready. */
const overscanItems = 2;
/** A message with an image and a line of text, about: the first screen is laid out in one pass, not measured into place. */
const estimatedItemHeight = 300;

const estimateSize = () => estimatedItemHeight;

/** The line above the first message while older pages remain (px; "Loading older messages…" takes its place). */
const olderHeight = 56;
/** The margin above the first message and below the last (px). */
const edgeHeight = 24;
/** Within this distance (px) of the top, the page above is asked for. */
const olderReachPx = 600;

function OlderHeader({ loadingOlder, height }: { loadingOlder: boolean; height: number }) {
  if (loadingOlder) {
    return (
      <div className="forge-transcript__older" role="status" style={{ height }}>
        <span className="forge-transcript__spinner" aria-hidden="true" />
        Loading older messages…
      </div>
    );
  }
  // Room for the line above is kept while there are older pages, so starting to load shifts nothing.
  return <div className="forge-transcript__older" aria-hidden="true" style={{ height }} />;
}

export function ChatTranscript(props: ChatTranscriptProps) {
  if (props.messages.length === 0) {
    return (
      <div className="forge-transcript">
        <div className="forge-transcript__scroll" role="log" aria-label="Conversation" tabIndex={0}>
          <div className="forge-transcript__content">
            {props.emptyState ?? <div className="forge-transcript__empty">Ask for concept art, UI states or a sprite reference — images appear right here.</div>}
          </div>
        </div>
      </div>
    );
  }
  return props.virtualized === false ? <MountedTranscript {...props} /> : <VirtualTranscript {...props} />;
}

/** How many frames a reveal waits for its message to be placed and focusable before reporting it missing. */
const revealFrames = 60;
/** After the focus took, how many frames it is held (the list may still re-mount or move what it placed). */
const holdFrames = 60;

/**
 * Focuses the revealed message once it is mounted and focusable (a list still placing its
 * items may not have mounted it yet), rings it (restarting the ring when revealed twice), then holds
 * the focus for a few frames while the list settles.
 */
function ringWhenMounted(container: () => HTMLElement | null, messageId: string, done: (found: boolean) => void, place: () => void): () => void {
  let frames = 0;
  let handle = 0;
  let focusedAt = -1;
  const find = () => [...(container()?.querySelectorAll<HTMLElement>('[data-message-id]') ?? [])].find((element) => element.dataset.messageId === messageId);
  const attempt = () => {
    frames += 1;
    const found = find();
    // While held, a message the list moved out of view (measuring what came in) is brought back.
    if (found !== undefined && focusedAt !== -1 && document.activeElement === found && !inView(found, container() ?? found)) found.scrollIntoView({ block: 'center' });
    if (found !== undefined && document.activeElement !== found) {
      found.tabIndex = -1;
      found.focus({ preventScroll: true });
      if (focusedAt === -1 && document.activeElement === found) {
        focusedAt = frames;
        found.scrollIntoView({ block: 'center' });
        delete found.dataset.revealed;
        found.getBoundingClientRect();
        found.dataset.revealed = 'true';
        done(true);
      }
    }
    // Not there yet: the list may have been placing its first screen when asked; ask again.
    if (found === undefined && frames % 10 === 0) place();
    if (focusedAt === -1 && frames >= revealFrames) {
      done(found !== undefined);
      return;
    }
    if (focusedAt === -1 || frames - focusedAt < holdFrames) handle = requestAnimationFrame(attempt);
  };
  attempt();
  return () => cancelAnimationFrame(handle);
}

/**
 * Show in chat: each new `messageId` is brought into view (`place` scrolls the list to it, or
 * says it is not there), focused and ringed. The host clearing `messageId` once told does not
 * stop the focus being held; a new reveal or unmounting does.
 */
function useReveal(container: () => HTMLElement | null, messageId: string | undefined, onRevealed: ((found: boolean) => void) | undefined, place: (messageId: string) => boolean): void {
  const cancel = useRef<(() => void) | undefined>(undefined);
  const latest = useRef({ container, onRevealed, place });
  latest.current = { container, onRevealed, place };
  useEffect(() => {
    if (messageId === undefined) return;
    cancel.current?.();
    cancel.current = undefined;
    if (!latest.current.place(messageId)) {
      latest.current.onRevealed?.(false);
      return;
    }
    cancel.current = ringWhenMounted(
      () => latest.current.container(),
      messageId,
      (found) => latest.current.onRevealed?.(found),
      () => latest.current.place(messageId),
    );
  }, [messageId]);
  useEffect(() => () => cancel.current?.(), []);
}

/** How long (ms) after a focus move the list may still re-measure and shift what it shows. */
const settleMs = 600;

/** Some of `element` shows inside `container`. */
function inView(element: HTMLElement, container: HTMLElement): boolean {
  const box = element.getBoundingClientRect();
  const view = container.getBoundingClientRect();
  return box.bottom > view.top && box.top < view.bottom;
}

/**
 * Keeps the element keyboard focus moved to on screen. The browser scrolls it into view, but
 * the list then measures the messages that came in and may shift the scroll by their
 * difference from its estimate; for a moment the focused element is brought back if it
 * left the view entirely (a reader scrolling on their own is not fought: only an element
 * wholly out of view is corrected, and only while it keeps focus).
 */
function keepInView(target: EventTarget, container: HTMLElement | null): void {
  if (!(target instanceof HTMLElement) || container === null || target === container) return;
  const started = performance.now();
  const check = () => {
    if (document.activeElement !== target || !target.isConnected) return;
    if (!inView(target, container)) target.scrollIntoView({ block: 'nearest' });
    if (performance.now() - started < settleMs) requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}

function JumpToLatest({ onClick }: { onClick: () => void }) {
  return (
    <button type="button" className="forge-button forge-button--small forge-transcript__jump" onClick={onClick}>
      <ArrowDownIcon />
      Jump to latest
    </button>
  );
}

function VirtualTranscript({ messages, actions, now, hasOlder = false, onLoadOlder, revealMessageId, onRevealed }: ChatTranscriptProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [atBottom, setAtBottom] = useState(true);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const loading = useRef(false);
  const lastId = messages.at(-1)?.id;
  const lastRole = messages.at(-1)?.role;
  const seenLast = useRef(lastId);
  // Room above the first message: the "Loading older messages…" line while there are older pages.
  const headHeight = hasOlder || loadingOlder ? olderHeight : edgeHeight;
  // A thread opened to show a message starts near it; any other at its latest message.
  const [revealAtOpen] = useState(() => (revealMessageId === undefined ? -1 : messages.findIndex((message) => message.id === revealMessageId)));
  // Kept while the messages are: a new one makes the virtualizer lay every loaded message out
  // again, and it renders on every range change while the reader scrolls.
  const getItemKey = useCallback((index: number) => messages[index]?.id ?? index, [messages]);
  const virtualizer = useVirtualizer({
    count: messages.length,
    getScrollElement: () => scroller.current,
    estimateSize,
    getItemKey,
    // Bottom-anchored: a page prepended above keeps the message in view where it was, a reply or
    // a growing image is followed only by a reader at the latest message.
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: stickThreshold,
    overscan: overscanItems,
    paddingStart: headHeight,
    paddingEnd: edgeHeight,
    // The first render lays out the messages at the end (past it: the scroll stops at the bottom)
    // or at the one asked for, from their estimated heights: the first painted frame is the
    // latest message, measured and pinned there, and the top of the page is never mounted on
    // the way (its pictures fetched for nothing).
    initialOffset: () => headHeight + (revealAtOpen === -1 ? messages.length : revealAtOpen) * estimatedItemHeight,
  });

  // The reader's own new message brings them down even from far up, as a chat does.
  useEffect(() => {
    if (lastId === seenLast.current) return;
    seenLast.current = lastId;
    if (lastRole === 'user') virtualizer.scrollToEnd();
  }, [lastId, lastRole, virtualizer]);

  const loadOlder = useCallback(() => {
    if (!hasOlder || onLoadOlder === undefined || loading.current) return;
    loading.current = true;
    setLoadingOlder(true);
    onLoadOlder()
      .catch(() => undefined)
      .finally(() => {
        loading.current = false;
        setLoadingOlder(false);
      });
  }, [hasOlder, onLoadOlder]);

  const onScroll = () => {
    const element = scroller.current;
    if (element === null) return;
    setAtBottom(element.scrollHeight - element.scrollTop - element.clientHeight < stickThreshold);
    if (element.scrollTop < olderReachPx) loadOlder();
  };
  // Messages that do not fill the space above the reader (a short first page, a page that came
  // while they waited at the top): the page above is asked for without waiting for a scroll.
  const firstId = messages[0]?.id;
  useEffect(() => {
    const element = scroller.current;
    if (element !== null && element.scrollTop < olderReachPx) loadOlder();
  }, [firstId, loadOlder]);

  // Show in chat: bring the message into the mounted range, then focus and ring it.
  useReveal(() => scroller.current, revealMessageId, onRevealed, (messageId) => {
    const index = messages.findIndex((message) => message.id === messageId);
    if (index === -1) return false;
    virtualizer.scrollToIndex(index, { align: 'center' });
    return true;
  });

  const images = useMemo(() => indexImages(messages), [messages]);
  const items = virtualizer.getVirtualItems();

  return (
    <ImageIndexContext value={images}>
      <div className="forge-transcript" onFocus={(event) => keepInView(event.target, scroller.current)}>
        <div ref={scroller} className="forge-transcript__scroll" role="log" aria-label="Conversation" tabIndex={0} onScroll={onScroll}>
          <div className="forge-transcript__list" style={{ height: virtualizer.getTotalSize() }}>
            <OlderHeader loadingOlder={loadingOlder} height={headHeight} />
            {items.map((item) => {
              const message = messages[item.index];
              if (message === undefined) return null;
              return (
                <div key={item.key} ref={virtualizer.measureElement} data-index={item.index} className="forge-transcript__item" style={{ top: item.start }}>
                  <ChatMessage message={message} actions={actions} now={now} />
                </div>
              );
            })}
          </div>
        </div>
        {!atBottom && <JumpToLatest onClick={() => virtualizer.scrollToEnd()} />}
      </div>
    </ImageIndexContext>
  );
}

/** Every message mounted, following the latest with a ResizeObserver: the pre-virtualization transcript. */
function MountedTranscript({ messages, actions, now, revealMessageId, onRevealed }: ChatTranscriptProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const contentRef = useRef<HTMLDivElement>(null);
  const stuck = useRef(true);
  const [showJump, setShowJump] = useState(false);
  const previousCount = useRef(messages.length);

  const scrollToBottom = () => {
    const element = scrollRef.current;
    if (element === null) return;
    element.scrollTop = element.scrollHeight;
    stuck.current = true;
    setShowJump(false);
  };

  useLayoutEffect(() => {
    const added = messages.length > previousCount.current;
    previousCount.current = messages.length;
    if (added || stuck.current) scrollToBottom();
  }, [messages]);

  useReveal(() => contentRef.current, revealMessageId, onRevealed, (messageId) => {
    // Reading an older message: stop following the latest.
    stuck.current = false;
    return messages.some((message) => message.id === messageId);
  });

  useEffect(() => {
    const content = contentRef.current;
    if (content === null) return;
    const observer = new ResizeObserver(() => {
      if (stuck.current) scrollToBottom();
    });
    observer.observe(content);
    return () => observer.disconnect();
  }, []);

  const images = useMemo(() => indexImages(messages), [messages]);

  return (
    <div className="forge-transcript">
      <div
        ref={scrollRef}
        className="forge-transcript__scroll"
        role="log"
        aria-label="Conversation"
        tabIndex={0}
        onScroll={(event) => {
          const element = event.currentTarget;
          stuck.current = element.scrollHeight - element.scrollTop - element.clientHeight < stickThreshold;
          setShowJump(!stuck.current);
        }}
      >
        <div ref={contentRef} className="forge-transcript__content">
          <ImageIndexContext value={images}>
            {messages.map((message) => (
              <ChatMessage key={message.id} message={message} actions={actions} now={now} />
            ))}
          </ImageIndexContext>
        </div>
      </div>
      {showJump && <JumpToLatest onClick={scrollToBottom} />}
    </div>
  );
}
