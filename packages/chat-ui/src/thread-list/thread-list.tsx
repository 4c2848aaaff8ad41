// The conversations sidebar: a navigation landmark with "New chat" and the workspace's threads,
// newest first and grouped by day. A thread opens on click; Rename edits its title in place
// (Enter keeps, Escape cancels); Delete asks first. Titles are text, whatever they contain.
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';

import { NoteIcon, PencilIcon, PlusIcon, TrashIcon } from '../icons/icons.tsx';
import { DeleteThreadDialog } from './delete-thread-dialog.tsx';
import { groupThreads, shortTitle, shortWhen } from './group-threads.ts';
import type { ThreadListItem } from './group-threads.ts';

export interface ThreadListProps {
  threads: readonly ThreadListItem[];
  /** The open thread, marked as the current page. */
  activeThreadId?: string | undefined;
  onOpen: (threadId: string) => void;
  onNew: () => void;
  /** May return a promise; a rejection's message is shown under the thread. */
  onRename: (threadId: string, title: string) => void | Promise<void>;
  onDelete: (threadId: string) => void | Promise<void>;
  /** The clock for "Today" and times (default `Date.now`). */
  now?: (() => number) | undefined;
  /** The landmark's accessible name (default "Conversations"). */
  label?: string | undefined;
  /** Where a deleted thread's images stay, for the confirmation (default `.forge/generated/`). */
  imagesFolder?: string | undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function RenameField({ thread, onDone }: { thread: ThreadListItem; onDone: (title: string | undefined) => void }) {
  const [value, setValue] = useState(thread.title);
  const inputRef = useRef<HTMLInputElement>(null);
  const finished = useRef(false);

  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, []);

  const finish = (title: string | undefined) => {
    if (finished.current) return;
    finished.current = true;
    onDone(title);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' && !event.nativeEvent.isComposing) {
      event.preventDefault();
      finish(value);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      finish(undefined);
    }
  };

  return (
    <input
      ref={inputRef}
      className="forge-threads__rename"
      aria-label="Conversation name"
      value={value}
      onChange={(event) => setValue(event.target.value)}
      onKeyDown={onKeyDown}
      onBlur={() => finish(value)}
    />
  );
}

export function ThreadList({ threads, activeThreadId, onOpen, onNew, onRename, onDelete, now = Date.now, label = 'Conversations', imagesFolder }: ThreadListProps) {
  const [renaming, setRenaming] = useState<string | undefined>();
  const [deleting, setDeleting] = useState<ThreadListItem | undefined>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const headingId = useId();
  const idPrefix = useId();
  const groups = groupThreads(threads, now());

  const setError = (threadId: string, message: string | undefined) =>
    setErrors((current) => {
      const others = Object.fromEntries(Object.entries(current).filter(([key]) => key !== threadId));
      return message === undefined ? others : { ...others, [threadId]: message };
    });

  const rename = (thread: ThreadListItem, title: string | undefined) => {
    setRenaming(undefined);
    const trimmed = title?.trim();
    if (trimmed === undefined || trimmed === '' || trimmed === thread.title) return;
    setError(thread.threadId, undefined);
    Promise.resolve(onRename(thread.threadId, trimmed)).catch((error: unknown) => setError(thread.threadId, messageOf(error)));
  };

  const remove = (thread: ThreadListItem) => {
    setDeleting(undefined);
    setError(thread.threadId, undefined);
    Promise.resolve(onDelete(thread.threadId)).catch((error: unknown) => setError(thread.threadId, messageOf(error)));
  };

  return (
    <nav className="forge-threads" aria-labelledby={headingId}>
      <div className="forge-threads__header">
        <h2 id={headingId} className="forge-threads__heading">
          {label}
        </h2>
        <button type="button" className="forge-button forge-button--small forge-threads__new" onClick={onNew}>
          <PlusIcon />
          New chat
        </button>
      </div>
      {threads.length === 0 ? (
        <p className="forge-threads__empty">No conversations yet. Ask for an image to start one.</p>
      ) : (
        <div className="forge-threads__scroll">
          {groups.map((group) => (
            <section key={group.label} className="forge-threads__group" aria-label={group.label}>
              <h3 className="forge-threads__group-label" aria-hidden="true">
                {group.label}
              </h3>
              <ul className="forge-threads__list">
                {group.threads.map((thread) => {
                  const active = thread.threadId === activeThreadId;
                  const titleId = `${idPrefix}-${thread.threadId}`;
                  const error = errors[thread.threadId];
                  return (
                    <li key={thread.threadId} className="forge-threads__item" data-active={active || undefined}>
                      {renaming === thread.threadId ? (
                        <RenameField thread={thread} onDone={(title) => rename(thread, title)} />
                      ) : (
                        <>
                          <button
                            type="button"
                            className="forge-threads__open"
                            aria-current={active ? 'page' : undefined}
                            onClick={() => onOpen(thread.threadId)}
                            onKeyDown={(event) => {
                              if (event.key === 'F2') {
                                event.preventDefault();
                                setRenaming(thread.threadId);
                              }
                            }}
                          >
                            <NoteIcon />
                            <span id={titleId} className="forge-threads__title">
                              {thread.title}
                            </span>
                            <time className="forge-threads__when" dateTime={thread.updatedAt}>
                              {shortWhen(thread.updatedAt, now())}
                            </time>
                          </button>
                          <span className="forge-threads__actions">
                            <button
                              type="button"
                              className="forge-icon-button"
                              aria-label="Rename"
                              aria-describedby={titleId}
                              title={`Rename “${shortTitle(thread.title, 40)}”`}
                              onClick={() => setRenaming(thread.threadId)}
                            >
                              <PencilIcon />
                            </button>
                            <button
                              type="button"
                              className="forge-icon-button forge-threads__delete"
                              aria-label="Delete"
                              aria-describedby={titleId}
                              title={`Delete “${shortTitle(thread.title, 40)}”`}
                              onClick={() => setDeleting(thread)}
                            >
                              <TrashIcon />
                            </button>
                          </span>
                        </>
                      )}
                      {error === undefined ? null : (
                        <p className="forge-threads__error" role="alert">
                          {error}
                        </p>
                      )}
                    </li>
                  );
                })}
              </ul>
            </section>
          ))}
        </div>
      )}
      {deleting === undefined ? null : <DeleteThreadDialog thread={deleting} imagesFolder={imagesFolder} onConfirm={() => remove(deleting)} onCancel={() => setDeleting(undefined)} />}
    </nav>
  );
}
