// Said when conversations cannot be kept: which problem, where, and the way out (a fresh
// database; the old file is renamed beside it, never deleted).
import { useState } from 'react';

import type { StorageStatus, WorkspaceState } from '../../contract/index.ts';
import type { ForgeHost } from '../forge-client.ts';

const headings: Record<Extract<StorageStatus, { state: 'unavailable' }>['problem'], string> = {
  corrupt: 'The conversations database is damaged',
  locked: 'The conversations database is locked by another Forge',
  read_only: 'The conversations database is read-only',
  newer_version: 'The conversations database is from a newer Forge',
  no_space: 'The disk is full',
  io: 'The conversations database cannot be used',
};

export interface StorageBannerProps {
  host: ForgeHost;
  storage: StorageStatus;
  onFresh: (state: WorkspaceState, renamedTo: string) => void;
}

export function StorageBanner({ host, storage, onFresh }: StorageBannerProps): React.JSX.Element | null {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  if (storage.state !== 'unavailable') return null;
  const startFresh = () => {
    setBusy(true);
    setError(undefined);
    host.api
      .call('startFreshDatabase', {})
      .then((result) => onFresh(result.state, result.renamedTo))
      .catch((reason: unknown) => setError(reason instanceof Error ? reason.message : String(reason)))
      .finally(() => setBusy(false));
  };
  return (
    <section className="forge-storage" role="alert" aria-label="Conversations are not being saved">
      <div className="forge-storage__text">
        <strong>{headings[storage.problem]}</strong>
        <p>{storage.message}</p>
        {error === undefined ? null : <p className="forge-storage__error">{error}</p>}
      </div>
      <button type="button" className="forge-button forge-button--small" disabled={busy} onClick={startFresh}>
        Start a fresh database
      </button>
    </section>
  );
}
