// The app's one event stream passes the Library's events on to the Library view, so a
// page holds one connection to its host (the web host allows only a few per launch).
import type { ForgeEvent } from '../../contract/index.ts';

export type AssetsChangedEvent = Extract<ForgeEvent, { type: 'assets-changed' }>;

export interface LibraryEvents {
  emit(event: AssetsChangedEvent): void;
  subscribe(listener: (event: AssetsChangedEvent) => void): () => void;
}

export function createLibraryEvents(): LibraryEvents {
  const listeners = new Set<(event: AssetsChangedEvent) => void>();
  return {
    emit(event) {
      for (const listener of listeners) listener(event);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
