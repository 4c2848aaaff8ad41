// What the Library's tiles offer, through the same host actions as the chat's images:
// images get the chat's menu plus "Use in chat" and "Show in chat"; any other file what a
// file can do where Forge runs (its path; in the desktop shell also Save As and its folder).
import type { ChatActions, CompletedImage } from '@forge/chat-ui';

import type { ForgeHost } from '../forge-client.ts';
import { createImageActions } from '../image-actions.ts';

export interface LibraryActions {
  actions: ChatActions;
  fileActions: ChatActions;
}

export function createLibraryActions(
  host: ForgeHost,
  notify: (message: string) => void,
  library: { onUseInChat: (image: CompletedImage) => void; onShowInChat: (image: CompletedImage) => void },
): LibraryActions {
  const imageActions = createImageActions(host, notify);
  const fileActions: ChatActions = {};
  const copyPath = imageActions.onCopyPath?.bind(imageActions);
  if (copyPath !== undefined) fileActions.onCopyPath = copyPath;
  const { shell } = host;
  if (shell !== undefined) {
    // The web host serves only images; the desktop shell copies any file from disk.
    const fail = (error: unknown) => notify(error instanceof Error ? error.message : String(error));
    fileActions.onSaveAs = (file) => void shell.saveAs(file.relativePath).catch(fail);
    fileActions.onShowInFolder = (file) => void shell.showInFolder(file.relativePath).catch(fail);
  }
  return { actions: { ...imageActions, onUseInChat: library.onUseInChat, onShowInChat: library.onShowInChat }, fileActions };
}
