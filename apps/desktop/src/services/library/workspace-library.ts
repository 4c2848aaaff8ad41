// The Library of the open workspace: switching workspace (issue 13) swaps the asset store, so
// the Library follows it — the old one stops watching, the new one lists in the background.
// The renderer lists afresh when the state names another folder.
import type { AssetStore } from '@forge/asset-store';

import type { ForgeEvent } from '../../contract/index.ts';
import { createLibrary } from './library.ts';
import type { Library, LibraryOptions } from './library.ts';

export interface WorkspaceLibraryOptions extends Omit<LibraryOptions, 'store'> {
  /** The open workspace's store now. */
  store: () => AssetStore;
}

export interface WorkspaceLibrary extends Library {
  /** Moves to the open workspace's store if it changed (called when the workspace may have), and lists it in the background. */
  follow(): void;
}

export function createWorkspaceLibrary(options: WorkspaceLibraryOptions): WorkspaceLibrary {
  const listeners = new Set<(event: ForgeEvent) => void>();
  const forward = (event: ForgeEvent) => {
    for (const listener of listeners) listener(event);
  };
  let bound: { store: AssetStore; library: Library } | undefined;

  function current(): Library {
    const store = options.store();
    if (bound?.store !== store) {
      // The workspace left behind finishes its listing on its own.
      void bound?.library.close();
      const library = createLibrary({ ...options, store });
      library.subscribe(forward);
      bound = { store, library };
    }
    return bound.library;
  }

  return {
    listAssets: (input) => current().listAssets(input),
    revealInChat: (input) => current().revealInChat(input),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    warm: () => current().warm(),
    follow() {
      if (bound !== undefined && bound.store !== options.store()) current().warm();
    },
    async close() {
      const closing = bound?.library.close();
      bound = undefined;
      listeners.clear();
      await closing;
    },
  };
}
