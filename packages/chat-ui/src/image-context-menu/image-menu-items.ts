// The actions a completed image offers, in menu order; an item exists only when the host
// gave its callback. Shared by the context menu and the viewer's action row (the Library's
// "Use in chat" and "Show in chat" come first when its host gives them). Regenerate draws
// it again as a new file (the old one stays); the others act on this file.
import type { ChatActions, CompletedImage } from '../chat-types.ts';

export interface ImageMenuItem {
  id: 'use-in-chat' | 'show-in-chat' | 'save-as' | 'copy-image' | 'copy-path' | 'show-in-folder' | 'regenerate';
  label: string;
  run: () => void | Promise<void>;
  /** Said (politely, via a status region) once the action has finished. */
  doneMessage?: string;
  failedMessage?: string;
  /** Starts something new in the chat: the viewer closes so it can be seen. */
  leavesViewer?: boolean;
}

export function imageMenuItems(image: CompletedImage, actions: ChatActions | undefined): ImageMenuItem[] {
  if (actions === undefined) return [];
  const items: ImageMenuItem[] = [];
  if (actions.onUseInChat) items.push({ id: 'use-in-chat', label: 'Use in chat', run: () => actions.onUseInChat?.(image) });
  if (actions.onShowInChat) items.push({ id: 'show-in-chat', label: 'Show in chat', run: () => actions.onShowInChat?.(image) });
  if (actions.onSaveAs) items.push({ id: 'save-as', label: 'Save As…', run: () => actions.onSaveAs?.(image) });
  if (actions.onCopyImage) {
    items.push({
      id: 'copy-image',
      label: 'Copy Image',
      run: () => actions.onCopyImage?.(image),
      doneMessage: 'Image copied',
      failedMessage: "Couldn't copy the image",
    });
  }
  if (actions.onCopyPath) {
    items.push({
      id: 'copy-path',
      label: 'Copy Path',
      run: () => actions.onCopyPath?.(image),
      doneMessage: 'Path copied',
      failedMessage: "Couldn't copy the path",
    });
  }
  if (actions.onShowInFolder) {
    items.push({ id: 'show-in-folder', label: 'Show in Folder', run: () => actions.onShowInFolder?.(image) });
  }
  if (actions.onRegenerateImage) {
    items.push({ id: 'regenerate', label: 'Regenerate', run: () => actions.onRegenerateImage?.(image.id), leavesViewer: true });
  }
  return items;
}

/** Runs an item and reports its outcome; callbacks may be sync or async. */
export async function runImageMenuItem(item: ImageMenuItem, onFeedback: ((message: string) => void) | undefined) {
  try {
    await item.run();
    if (item.doneMessage !== undefined) onFeedback?.(item.doneMessage);
  } catch {
    if (item.failedMessage !== undefined) onFeedback?.(item.failedMessage);
  }
}
