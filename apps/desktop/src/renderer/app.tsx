// The chat window: a header with the workspace and account, the transcript, and the composer.
import { ChatTranscript, Composer, LibraryIcon, ReferenceChips } from '@forge/chat-ui';
import type { ChatActions } from '@forge/chat-ui';
import { useCallback, useEffect, useMemo, useState } from 'react';

import type { ChatMessageData, ForgeEvent, WorkspaceState } from '../contract/index.ts';
import type { ForgeHost } from './forge-client.ts';
import { createImageActions } from './image-actions.ts';
import { createLibraryEvents } from './library/library-events.ts';
import { type ChosenReference, LibraryPage } from './library/library-page.tsx';
import { useRoute } from './library/use-route.ts';
import { SettingsDialog } from './settings-dialog.tsx';

function upsert(messages: ChatMessageData[], message: ChatMessageData): ChatMessageData[] {
  const index = messages.findIndex((candidate) => candidate.id === message.id);
  if (index === -1) return [...messages, message];
  const next = messages.slice();
  next[index] = message;
  return next;
}

function folderName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).at(-1) ?? path;
}

export function App({ host }: { host: ForgeHost }): React.JSX.Element {
  const [state, setState] = useState<WorkspaceState | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [settingsOpen, setSettingsOpen] = useState(false);
  // The Library: its own route (Back returns to the chat), its events, and what it hands the chat.
  const { route, navigate, backToChat } = useRoute();
  const [libraryVisited, setLibraryVisited] = useState(route === 'library');
  const libraryEvents = useMemo(() => createLibraryEvents(), []);
  const [references, setReferences] = useState<ChosenReference[]>([]);
  const [revealMessageId, setRevealMessageId] = useState<string | undefined>();

  useEffect(() => {
    const unsubscribe = host.api.subscribe((event: ForgeEvent) => {
      setState((current) => {
        if (!current) return current;
        switch (event.type) {
          case 'message':
            return { ...current, messages: upsert(current.messages, event.message) };
          case 'busy':
            return { ...current, busy: event.busy };
          case 'account':
            return { ...current, account: event.account };
          case 'assets-changed':
            libraryEvents.emit(event);
            return current;
          default:
            event satisfies never;
            return current;
        }
      });
    });
    host.api.call('getState', {}).then(setState, (error: unknown) => setNotice(error instanceof Error ? error.message : String(error)));
    return unsubscribe;
  }, [host, libraryEvents]);

  const report = useCallback((error: unknown) => setNotice(error instanceof Error ? error.message : String(error)), []);

  const actions = useMemo<ChatActions>(
    () => ({
      ...createImageActions(host, setNotice),
      onCancelImage: (imageId) => void host.api.call('cancelImage', { imageId }).catch(report),
      onRetryImage: (imageId) => void host.api.call('retryImage', { imageId }).catch(report),
      onApprove: (proposalId) => void host.api.call('approveProposal', { proposalId }).catch(report),
      onEdit: (proposalId, body) => void host.api.call('approveProposal', { proposalId, body }).catch(report),
      onReject: (proposalId) => void host.api.call('rejectProposal', { proposalId }).catch(report),
    }),
    [host, report],
  );

  const send = useCallback((text: string) => {
    setNotice(undefined);
    if (references.length > 0) {
      // The chip is only a choice kept here: nothing is attached to the request yet, and the user is told so.
      setNotice(`Sent without ${references.map((reference) => reference.name).join(', ')}: Forge does not send reference images to the model yet.`);
      setReferences([]);
    }
    host.api.call('sendMessage', { text }).catch(report);
  }, [host, report, references]);

  useEffect(() => {
    if (route === 'library') setLibraryVisited(true);
    document.title = route === 'library' ? 'Library — Forge' : 'Forge';
  }, [route]);

  const useInChat = useCallback((reference: ChosenReference) => {
    setReferences((current) => (current.some((chosen) => chosen.relativePath === reference.relativePath) ? current : [...current, reference]));
    navigate('chat');
    requestAnimationFrame(() => document.querySelector<HTMLTextAreaElement>('.forge-composer__input')?.focus());
  }, [navigate]);

  const showInChat = useCallback((relativePath: string) => {
    host.api.call('revealInChat', { relativePath }).then((result) => {
      if (!result.found) {
        setNotice(result.message);
        return;
      }
      navigate('chat');
      setRevealMessageId(result.messageId);
    }, report);
  }, [host, navigate, report]);

  const revealed = useCallback((found: boolean) => {
    setRevealMessageId(undefined);
    if (!found) setNotice('That message is no longer in this chat.');
  }, []);

  if (!state) {
    return <div className="forge-app forge-app--loading" aria-busy="true">{notice ?? 'Starting Forge…'}</div>;
  }

  const { account } = state;
  return (
    <div className="forge-app">
      <header className="forge-app__header">
        <div className="forge-app__title">
          <span className="forge-app__logo" aria-hidden="true">◆</span>
          <span className="forge-app__folder" title={state.folder}>{state.mode === 'project' ? folderName(state.folder) : 'Scratchpad'}</span>
          <span className="forge-app__mode">{state.mode === 'project' ? 'Project' : 'Open mode'}</span>
        </div>
        <button
          type="button"
          className="forge-app__library-button"
          aria-pressed={route === 'library'}
          title="Every asset in this workspace"
          onClick={() => (route === 'library' ? backToChat() : navigate('library'))}
        >
          <LibraryIcon />
          Library
        </button>
        <div className="forge-app__account" aria-label="Account">
          <span className={`forge-app__dot forge-app__dot--${account.signedIn ? 'on' : 'off'}`} aria-hidden="true" />
          {account.backend === 'offline' ? 'Offline' : account.backend === 'codex' ? `ChatGPT${account.plan ? ` ${account.plan}` : ''}` : 'OpenAI API'}
          <button type="button" className="forge-app__model" title="Image model" onClick={() => setSettingsOpen(true)}>
            {account.imageModel}
          </button>
          <button type="button" className="forge-app__settings" aria-label="Settings" onClick={() => setSettingsOpen(true)}>
            <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
              <path fill="currentColor" d="M11.3 1.6l.4 2.1c.5.2 1 .5 1.4.8l2-.7 1.3 2.3-1.6 1.4c.1.5.1 1.1 0 1.6l1.6 1.4-1.3 2.3-2-.7c-.4.3-.9.6-1.4.8l-.4 2.1H8.7l-.4-2.1c-.5-.2-1-.5-1.4-.8l-2 .7-1.3-2.3 1.6-1.4a4.6 4.6 0 010-1.6L3.6 6.1l1.3-2.3 2 .7c.4-.3.9-.6 1.4-.8l.4-2.1h2.6zM10 7a3 3 0 100 6 3 3 0 000-6z" />
            </svg>
          </button>
        </div>
      </header>
      <main className="forge-app__chat" inert={route === 'library'} data-away={route === 'library' || undefined}>
        <ChatTranscript
          messages={state.messages}
          actions={actions}
          revealMessageId={revealMessageId}
          onRevealed={revealed}
          emptyState={
            <div className="forge-app__empty">
              <h1>What should we make?</h1>
              <p>
                Ask for concept art, a UI mock-up, an icon or a sprite sheet. Every image is saved to{' '}
                <code>{state.mode === 'project' ? '.forge/generated/' : '~/.forge/scratchpad/generated/'}</code>.
              </p>
            </div>
          }
        />
      </main>
      <footer className="forge-app__composer" inert={route === 'library'} data-away={route === 'library' || undefined}>
        {notice === undefined ? null : (
          <div className="forge-app__notice" role="alert">
            {notice}
            <button type="button" onClick={() => setNotice(undefined)} aria-label="Dismiss">×</button>
          </div>
        )}
        <ReferenceChips
          references={references}
          onRemove={(relativePath) => setReferences((current) => current.filter((reference) => reference.relativePath !== relativePath))}
          note="Reference images are not sent to the model yet."
        />
        <Composer onSend={send} busy={state.busy} onStop={() => void host.api.call('cancelTurn', {}).catch(report)} />
      </footer>
      {libraryVisited && (
        <div className="forge-app__library" inert={route !== 'library'} data-away={route !== 'library' || undefined}>
          {notice !== undefined && route === 'library' && (
            <div className="forge-app__notice" role="alert">
              {notice}
              <button type="button" onClick={() => setNotice(undefined)} aria-label="Dismiss">×</button>
            </div>
          )}
          <LibraryPage
            host={host}
            events={libraryEvents}
            active={route === 'library'}
            folderLabel={state.mode === 'project' ? '.forge/generated/' : '~/.forge/scratchpad/generated/'}
            notify={setNotice}
            onBack={backToChat}
            onUseInChat={useInChat}
            onShowInChat={showInChat}
          />
        </div>
      )}
      <SettingsDialog
        account={account}
        open={settingsOpen}
        onClose={() => setSettingsOpen(false)}
        onPickImageModel={async (model) => {
          const result = await host.api.call('setImageModel', { model });
          setState((current) => (current ? { ...current, account: result.account } : current));
        }}
      />
    </div>
  );
}
