// One chat message: the user's bubble, or the assistant's with its text, images in
// every state, memory proposals and errors. Consecutive images sit side by side. While the
// reply is written it says so with the time elapsed; a reply that ended early or badly ends
// with "Stopped" / "Interrupted" and one Retry.
import { memo, type ReactNode } from 'react';

import { ApprovalCard } from '../approval-card/approval-card.tsx';
import type { ChatActions, ChatImagePart, ChatMessageData, ChatPart } from '../chat-types.ts';
import { ErrorNotice } from '../error-notice/error-notice.tsx';
import { GeneratingIndicator } from '../generating-indicator/generating-indicator.tsx';
import { ImageThumbnail } from '../image-thumbnail/image-thumbnail.tsx';
import { MessageText } from '../message-text/message-text.tsx';
import { PlainText } from '../message-text/plain-text.tsx';
import { ProposalCard } from '../proposal-card/proposal-card.tsx';
import { RetryIcon } from '../icons/icons.tsx';
import { TurnEnding } from '../turn-ending/turn-ending.tsx';
import { turnEndingOf } from '../turn-ending/turn-ending-of.ts';
import { TurnStatus } from '../turn-status/turn-status.tsx';

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
      groups.push({ kind: 'part', part, key: part.type === 'proposal' || part.type === 'approval' ? `${part.type}-${part.id}` : `${part.type}-${index}` });
    }
  });
  return groups;
}

interface ImagePartProps {
  image: ChatImagePart;
  actions: ChatActions | undefined;
  now: () => number;
  /** The reply has its own Retry: a cancelled image does not offer a second one. */
  replyRetries: boolean;
  /** The turn failed around it: it was left unfinished, not cancelled by the user. */
  unfinished: boolean;
}

function ImagePart({ image, actions, now, replyRetries, unfinished }: ImagePartProps) {
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
          onOpenAccountSettings={actions?.onOpenAccountSettings ? () => actions.onOpenAccountSettings?.() : undefined}
        />
      );
    case 'cancelled':
      return (
        <div className="forge-cancelled">
          <p className="forge-cancelled__text">
            {unfinished ? 'Image not finished' : 'Image cancelled'} <span className="forge-cancelled__prompt">“{image.prompt}”</span>
          </p>
          {!replyRetries && actions?.onRetryImage && (
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

interface OtherPartProps {
  part: Exclude<ChatPart, ChatImagePart>;
  actions: ChatActions | undefined;
  now: () => number;
  role: ChatMessageData['role'];
  /** This part is the one still arriving. */
  streaming: boolean;
}

function OtherPart({ part, actions, now, role, streaming }: OtherPartProps): ReactNode {
  switch (part.type) {
    case 'text':
      // What a person typed stays exactly as typed; the agent's text is Markdown.
      return role === 'user' ? <PlainText text={part.text} /> : <MessageText text={part.text} streaming={streaming} onCopyText={actions?.onCopyText} />;
    case 'proposal':
      return <ProposalCard proposal={part} actions={actions} />;
    case 'error':
      return <ErrorNotice error={part.error} now={now} scope="reply" onOpenAccountSettings={actions?.onOpenAccountSettings ? () => actions.onOpenAccountSettings?.() : undefined} />;
    case 'approval':
      return <ApprovalCard approval={part} actions={actions} />;
    default:
      return part satisfies never;
  }
}

function ChatMessageView({ message, actions, now = Date.now }: ChatMessageProps) {
  const groups = groupParts(message.parts);
  const drawing = message.parts.some((part) => part.type === 'image' && part.status === 'generating');
  const lastPart = message.parts.at(-1);
  const ending = turnEndingOf(message);
  const onRetryTurn = ending !== undefined && actions?.onRetryTurn ? () => actions.onRetryTurn?.(message.id) : undefined;
  // While the agent waits for the user's answer, no "Thinking…": the card says what it waits for.
  const waitingForUser = message.parts.some((part) => part.type === 'approval' && part.status === 'pending');
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
                <ImagePart
                  key={image.id}
                  image={image}
                  actions={actions}
                  now={now}
                  replyRetries={onRetryTurn !== undefined}
                  unfinished={ending === 'failed' || ending === 'interrupted'}
                />
              ))}
            </div>
          ) : (
            <OtherPart
              key={group.key}
              part={group.part}
              actions={actions}
              now={now}
              role={message.role}
              streaming={message.pending === true && group.part === lastPart}
            />
          ),
        )}
        {message.pending === true && (message.status !== undefined || (!drawing && !waitingForUser)) && (
          <TurnStatus startedAt={message.startedAt} status={message.status} elapsed={!drawing} now={now} />
        )}
        {ending !== undefined && <TurnEnding ending={ending} onRetry={onRetryTurn} />}
      </div>
    </article>
  );
}

/**
 * One message of the conversation. A message re-renders only when it changes (the host hands
 * back the same object for the ones that did not): an event about one message no longer
 * re-renders, and re-parses the Markdown of, every message on screen.
 */
export const ChatMessage = memo(ChatMessageView);
