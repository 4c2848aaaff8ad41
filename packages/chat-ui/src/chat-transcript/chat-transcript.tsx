// The conversation: a scrolling log of messages that follows new content while the
// reader is at the bottom, and offers "Jump to latest" when they have scrolled up.
import { type ReactNode, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';

import type { ChatActions, ChatMessageData } from '../chat-types.ts';
import { ChatMessage } from '../chat-message/chat-message.tsx';
import { ArrowDownIcon } from '../icons/icons.tsx';
import { ImageIndexContext, indexImages } from '../image-viewer/image-index.ts';

export interface ChatTranscriptProps {
  messages: ChatMessageData[];
  actions?: ChatActions | undefined;
  now?: (() => number) | undefined;
  /** Shown when there are no messages yet. */
  emptyState?: ReactNode;
  /** Scroll to this message, focus it and ring it briefly (the Library's "Show in chat"). */
  revealMessageId?: string | undefined;
  /** The reveal was done: `found` is false when no such message is shown. */
  onRevealed?: ((found: boolean) => void) | undefined;
}

/** How close to the bottom (px) still counts as "reading the latest". */
const stickThreshold = 48;

export function ChatTranscript({ messages, actions, now, emptyState, revealMessageId, onRevealed }: ChatTranscriptProps) {
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

  // New messages always bring the reader down; growth of the last one only when they were there.
  useLayoutEffect(() => {
    const added = messages.length > previousCount.current;
    previousCount.current = messages.length;
    if (added || stuck.current) scrollToBottom();
  }, [messages]);

  // Images load and previews grow after render: keep following them.
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
  useEffect(() => {
    if (revealMessageId === undefined) return;
    const found = [...(contentRef.current?.querySelectorAll<HTMLElement>('[data-message-id]') ?? [])].find(
      (element) => element.dataset.messageId === revealMessageId,
    );
    if (found === undefined) {
      onRevealed?.(false);
      return;
    }
    // Reading an older message: stop following the latest.
    stuck.current = false;
    found.scrollIntoView({ block: 'center' });
    found.tabIndex = -1;
    found.focus({ preventScroll: true });
    delete found.dataset.revealed;
    // Restart the ring's animation even when the same message is revealed twice.
    found.getBoundingClientRect();
    found.dataset.revealed = 'true';
    onRevealed?.(true);
  }, [revealMessageId, onRevealed]);

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
          {messages.length === 0 &&
            (emptyState ?? <div className="forge-transcript__empty">Ask for concept art, UI states or a sprite reference — images appear right here.</div>)}
          <ImageIndexContext value={images}>
            {messages.map((message) => (
              <ChatMessage key={message.id} message={message} actions={actions} now={now} />
            ))}
          </ImageIndexContext>
        </div>
      </div>
      {showJump && (
        <button type="button" className="forge-button forge-button--small forge-transcript__jump" onClick={scrollToBottom}>
          <ArrowDownIcon />
          Jump to latest
        </button>
      )}
    </div>
  );
}
