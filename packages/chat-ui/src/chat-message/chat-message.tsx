// One chat message: the user's bubble, or the assistant's with its text, images in
// every state, memory proposals and errors. Consecutive images sit side by side.
import type { ReactNode } from 'react';

import type { ChatActions, ChatImagePart, ChatMessageData, ChatPart } from '../chat-types.ts';
import { ErrorNotice } from '../error-notice/error-notice.tsx';
import { GeneratingIndicator } from '../generating-indicator/generating-indicator.tsx';
import { ImageThumbnail } from '../image-thumbnail/image-thumbnail.tsx';
import { MessageText } from '../message-text/message-text.tsx';
import { ProposalCard } from '../proposal-card/proposal-card.tsx';
import { RetryIcon } from '../icons/icons.tsx';

export interface ChatMessageProps {
  message: ChatMessageData;
  actions?: ChatActions | undefined;
  /** The clock for elapsed times and quota resets, injectable for tests and stories. */
  now?: (() => number) | undefined;
}

type Group = { kind: 'images'; parts: ChatImagePart[]; key: string } | { kind: 'part'; part: Exclude<ChatPart, ChatImagePart>; key: string };

function groupParts(parts: ChatPart[]): Group[] {
  const groups: Group[] = [];
  parts.forEach((part, index) => {
    const last = groups.at(-1);
    if (part.type === 'image') {
      if (last?.kind === 'images') last.parts.push(part);
      else groups.push({ kind: 'images', parts: [part], key: `images-${part.id}` });
    } else {
      groups.push({ kind: 'part', part, key: part.type === 'proposal' ? `proposal-${part.id}` : `${part.type}-${index}` });
    }
  });
  return groups;
}

function ImagePart({ image, actions, now }: { image: ChatImagePart; actions: ChatActions | undefined; now: () => number }) {
  switch (image.status) {
    case 'generating':
      return (
        <GeneratingIndicator
          image={image}
          now={now}
          onCancel={actions?.onCancelImage ? () => actions.onCancelImage?.(image.id) : undefined}
        />
      );
    case 'completed':
      return <ImageThumbnail image={image} actions={actions} />;
    case 'failed':
      return (
        <ErrorNotice
          error={image.error}
          prompt={image.prompt}
          now={now}
          onRetry={actions?.onRetryImage ? () => actions.onRetryImage?.(image.id) : undefined}
        />
      );
    case 'cancelled':
      return (
        <div className="forge-cancelled">
          <p className="forge-cancelled__text">
            Image cancelled <span className="forge-cancelled__prompt">“{image.prompt}”</span>
          </p>
          {actions?.onRetryImage && (
            <button
              type="button"
              className="forge-button forge-button--small forge-button--ghost"
              onClick={() => actions.onRetryImage?.(image.id)}
            >
              <RetryIcon />
              Retry
            </button>
          )}
        </div>
      );
    default:
      return image satisfies never;
  }
}

function OtherPart({ part, actions, now }: { part: Exclude<ChatPart, ChatImagePart>; actions: ChatActions | undefined; now: () => number }): ReactNode {
  switch (part.type) {
    case 'text':
      return <MessageText text={part.text} />;
    case 'proposal':
      return <ProposalCard proposal={part} actions={actions} />;
    case 'error':
      return <ErrorNotice error={part.error} now={now} />;
    default:
      return part satisfies never;
  }
}

export function ChatMessage({ message, actions, now = Date.now }: ChatMessageProps) {
  const groups = groupParts(message.parts);
  const isEmpty = message.parts.length === 0;
  const drawing = message.parts.some((part) => part.type === 'image' && part.status === 'generating');
  return (
    <article
      className={`forge-message forge-message--${message.role}`}
      data-message-id={message.id}
      aria-label={message.role === 'user' ? 'You' : 'Assistant'}
      aria-busy={message.pending === true || undefined}
    >
      <div className="forge-message__bubble">
        {groups.map((group) =>
          group.kind === 'images' ? (
            <div key={group.key} className="forge-message__images">
              {group.parts.map((image) => (
                <ImagePart key={image.id} image={image} actions={actions} now={now} />
              ))}
            </div>
          ) : (
            <OtherPart key={group.key} part={group.part} actions={actions} now={now} />
          ),
        )}
        {message.pending === true &&
          (message.status !== undefined ? (
            <p className="forge-message__status" role="status">
              {message.status}
            </p>
          ) : (
            !drawing && (
              <span className="forge-typing" role="status" aria-label={isEmpty ? 'Assistant is thinking' : 'Assistant is writing'}>
                <span />
                <span />
                <span />
              </span>
            )
          ))}
      </div>
    </article>
  );
}
