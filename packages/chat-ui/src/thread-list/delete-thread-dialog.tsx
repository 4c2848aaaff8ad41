// "Delete this conversation?": a modal alert dialog that names the thread and says what stays
// (the images belong to the project). Cancel has the focus; Escape cancels.
import { useId, useLayoutEffect, useRef } from 'react';

import type { ThreadListItem } from './group-threads.ts';
import { shortTitle } from './group-threads.ts';

export interface DeleteThreadDialogProps {
  thread: ThreadListItem;
  /** Where its images stay, as the user reads it (default `.forge/generated/`). */
  imagesFolder?: string | undefined;
  onConfirm: () => void;
  onCancel: () => void;
}

export function DeleteThreadDialog({ thread, imagesFolder = '.forge/generated/', onConfirm, onCancel }: DeleteThreadDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useLayoutEffect(() => {
    const dialog = dialogRef.current;
    if (dialog === null) return;
    if (!dialog.open) dialog.showModal();
    cancelRef.current?.focus();
    return () => dialog.close();
  }, []);

  const messages = thread.messageCount === 1 ? '1 message' : `${String(thread.messageCount)} messages`;
  return (
    <dialog
      ref={dialogRef}
      className="forge-confirm"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={descriptionId}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id={titleId} className="forge-confirm__title">
        Delete this conversation?
      </h2>
      <div id={descriptionId} className="forge-confirm__body">
        <p className="forge-confirm__name">“{shortTitle(thread.title, 200)}”</p>
        <p>
          Its {messages} will be removed from Forge. The images it made stay in <code>{imagesFolder}</code>.
        </p>
      </div>
      <div className="forge-confirm__actions">
        <button ref={cancelRef} type="button" className="forge-button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="forge-button forge-button--danger" onClick={onConfirm}>
          Delete
        </button>
      </div>
    </dialog>
  );
}
