// The Library in the app: every asset of the workspace's `generated/` tree, searchable by
// what it was asked for, live as files come and go. Data from the contract (listAssets and
// the assets-changed event); the view is @forge/chat-ui's AssetLibrary.
import { AssetLibrary, type CompletedImage } from '@forge/chat-ui';
import { useEffect, useMemo, useRef, useState } from 'react';

import type { ForgeHost } from '../forge-client.ts';
import { createLibraryActions } from './library-actions.ts';
import type { LibraryEvents } from './library-events.ts';
import { useLibraryAssets } from './use-library-assets.ts';

/** What "Use in chat" hands the composer. */
export interface ChosenReference {
  relativePath: string;
  name: string;
  thumbnailUrl?: string | undefined;
}

export interface LibraryPageProps {
  host: ForgeHost;
  events: LibraryEvents;
  /** The page is on screen (it keeps its state while the chat is shown). */
  active: boolean;
  /** `.forge/generated/` or `~/.forge/scratchpad/generated/`, as the user reads it. */
  folderLabel: string;
  notify: (message: string) => void;
  onBack: () => void;
  onUseInChat: (reference: ChosenReference) => void;
  onShowInChat: (relativePath: string) => void;
}

function fileName(relativePath: string): string {
  return relativePath.slice(relativePath.lastIndexOf('/') + 1);
}

export function LibraryPage({ host, events, active, folderLabel, notify, onBack, onUseInChat, onShowInChat }: LibraryPageProps) {
  const [query, setQuery] = useState('');
  const [kind, setKind] = useState<string | undefined>();
  // Each key asks at once (one search in flight at a time, the latest wins); the results render
  // as a transition, so the box never waits for the grid.
  const { data, loadMore } = useLibraryAssets(host.api, events, { query, kind, enabled: active });

  // The actions stay the same object while pages arrive, so the grid's tiles do not redraw.
  const assetsRef = useRef(data.assets);
  useEffect(() => {
    assetsRef.current = data.assets;
  }, [data.assets]);
  const { actions, fileActions } = useMemo(
    () =>
      createLibraryActions(host, notify, {
        onUseInChat: (image: CompletedImage) => {
          const asset = assetsRef.current.find((candidate) => candidate.relativePath === image.relativePath);
          onUseInChat({
            relativePath: image.relativePath,
            name: asset?.name ?? fileName(image.relativePath),
            thumbnailUrl: asset?.status === 'image' ? asset.thumbnail.src : undefined,
          });
        },
        onShowInChat: (image: CompletedImage) => onShowInChat(image.relativePath),
      }),
    [host, notify, onUseInChat, onShowInChat],
  );

  return (
    <AssetLibrary
      assets={data.assets}
      total={data.total}
      kinds={data.kinds}
      query={query}
      onQueryChange={setQuery}
      resultsQuery={data.resultsQuery}
      kind={kind}
      onKindChange={setKind}
      loading={data.loading}
      error={data.error}
      onNeedMore={loadMore}
      actions={actions}
      fileActions={fileActions}
      folderLabel={folderLabel}
      toolbarStart={
        <button type="button" className="forge-button forge-button--small forge-button--ghost forge-app__back" onClick={onBack}>
          ← Chat
        </button>
      }
    />
  );
}
