// The conversation: a scrolling log of messages that follows new content while the
// reader is at the bottom, and offers "Jump to latest" when they have scrolled up.
// Long threads stay light: only the messages near the viewport are mounted (react-virtuoso,
// bottom-anchored, heights measured as they change), and reaching the top asks for the page
// above (`onLoadOlder`), which is prepended without moving what the reader sees.
import { forwardRef, type HTMLAttributes, type ReactNode, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Virtuoso, type VirtuosoHandle } from 'react-virtuoso';

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
/** Far below any real thread's length: prepended pages count down from here (react-virtuoso's firstItemIndex). */
const firstIndexBase = 1_000_000_000;
/** Messages are mounted this far (px) beyond the viewport, so Tab and short scrolls find them ready. */
const overscan = { top: 600, bottom: 600 };
/** A message with an image and a line of text, about: the first screen is laid out in one pass, not measured into place. */
const estimatedItemHeight = 300;
/** A thread opens at its latest message (one object: react-virtuoso re-applies a changed one). */
const openAtLatest = { index: 'LAST', align: 'end' } as const;

/** The scroll container: the conversation's live region (new messages are announced) and a focusable scroll area. */
// react-virtuoso hands its components a `context` prop: it is ours, not the DOM's.
type VirtuosoPart = HTMLAttributes<HTMLDivElement> & { context?: unknown };

const LogScroller = forwardRef<HTMLDivElement, VirtuosoPart>(function LogScroller({ context: _context, ...props }, ref) {
  return <div {...props} ref={ref} className="forge-transcript__scroll" role="log" aria-label="Conversation" tabIndex={0} />;
});

const MessageList = forwardRef<HTMLDivElement, VirtuosoPart>(function MessageList({ context: _context, ...props }, ref) {
  return <div {...props} ref={ref} className="forge-transcript__list" />;
});

interface TranscriptContext {
  loadingOlder: boolean;
  hasOlder: boolean;
}

// What react-virtuoso is handed keeps its identity from one render to the next: a new scroller
// ref re-ran its scroll-container effect on every event (removing and adding the listener and
// reading the scroll position, a forced layout: ~10 ms of each message event in a busy page).
const transcriptParts = { Scroller: LogScroller, List: MessageList, Header: OlderHeader, Footer: Edge };
const messageKey = (_: number, message: ChatMessageData) => message.id;

function OlderHeader({ context }: { context?: TranscriptContext | undefined }) {
  if (context?.loadingOlder === true) {
    return (
      <div className="forge-transcript__older" role="status">
        <span className="forge-transcript__spinner" aria-hidden="true" />
        Loading older messages…
      </div>
    );
  }
  // Room for the line above is kept while there are older pages, so starting to load shifts nothing.
  return <div className={context?.hasOlder === true ? 'forge-transcript__older' : 'forge-transcript__edge'} aria-hidden="true" />;
}

function Edge() {
  return <div className="forge-transcript__edge" aria-hidden="true" />;
}

/** Where the first message sits in react-virtuoso's index space: it moves up by the size of each page prepended. */
function useFirstItemIndex(messages: ChatMessageData[]): number {
  const [anchor, setAnchor] = useState({ id: messages[0]?.id, index: firstIndexBase });
  const firstId = messages[0]?.id;
  if (firstId === anchor.id) return anchor.index;
  const previousAt = anchor.id === undefined ? -1 : messages.findIndex((message) => message.id === anchor.id);
  // A page above was prepended: the old first message is now `previousAt` items down.
  const next = { id: firstId, index: previousAt > 0 ? anchor.index - previousAt : anchor.index };
  setAnchor(next);
  return next.index;
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
 * items keeps them hidden), rings it (restarting the ring when revealed twice), then holds
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
  const virtuoso = useRef<VirtuosoHandle>(null);
  const scroller = useRef<HTMLElement | null>(null);
  const [atBottom, setAtBottom] = useState(true);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const loading = useRef(false);
  const firstItemIndex = useFirstItemIndex(messages);
  const lastId = messages.at(-1)?.id;
  const lastRole = messages.at(-1)?.role;
  const seenLast = useRef(lastId);

  // Replies and growing images are followed only by a reader at the bottom. Off (not a function)
  // while they read above: react-virtuoso would otherwise jump down when older messages measure taller.
  const followOutput = atBottom ? 'auto' : false;
  // The reader's own new message brings them down even from far up, as a chat does.
  useEffect(() => {
    if (lastId === seenLast.current) return;
    seenLast.current = lastId;
    if (lastRole === 'user') virtuoso.current?.scrollToIndex({ index: 'LAST', align: 'end' });
  }, [lastId, lastRole]);

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

  // Show in chat: bring the message into the mounted range, then focus and ring it.
  useReveal(() => scroller.current, revealMessageId, onRevealed, (messageId) => {
    const index = messages.findIndex((message) => message.id === messageId);
    if (index === -1) return false;
    virtuoso.current?.scrollToIndex({ index, align: 'center' });
    return true;
  });

  // A thread opened to show a message starts there; any other at its latest message.
  const [initialIndex] = useState(() => {
    const revealAt = revealMessageId === undefined ? -1 : messages.findIndex((message) => message.id === revealMessageId);
    return revealAt === -1 ? openAtLatest : { index: revealAt, align: 'center' as const };
  });
  const context = useMemo<TranscriptContext>(() => ({ loadingOlder, hasOlder }), [loadingOlder, hasOlder]);
  const images = useMemo(() => indexImages(messages), [messages]);
  const jump = () => virtuoso.current?.scrollToIndex({ index: 'LAST', align: 'end' });
  const keepScroller = useCallback((element: HTMLElement | Window | null) => {
    scroller.current = element instanceof HTMLElement ? element : null;
  }, []);
  const messageContent = useCallback(
    (_: number, message: ChatMessageData) => (
      <div className="forge-transcript__item">
        <ChatMessage message={message} actions={actions} now={now} />
      </div>
    ),
    [actions, now],
  );

  return (
    <ImageIndexContext value={images}>
      <div className="forge-transcript" onFocus={(event) => keepInView(event.target, scroller.current)}>
        <Virtuoso<ChatMessageData, TranscriptContext>
          ref={virtuoso}
          scrollerRef={keepScroller}
          data={messages}
          context={context}
          firstItemIndex={firstItemIndex}
          initialTopMostItemIndex={initialIndex}
          computeItemKey={messageKey}
          followOutput={followOutput}
          atBottomThreshold={stickThreshold}
          atBottomStateChange={setAtBottom}
          startReached={loadOlder}
          increaseViewportBy={overscan}
          defaultItemHeight={estimatedItemHeight}
          components={transcriptParts}
          itemContent={messageContent}
        />
        {!atBottom && <JumpToLatest onClick={jump} />}
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
