// The chat window: a header with the workspace switcher, the Library and the account, the
// conversations sidebar, the open thread's transcript, and the composer; the Library on its
// own route above them.
import { AccountStatus, ChatTranscript, Composer, EmptyState, ImageOptions, LibraryIcon, prefetchThumbnail } from '@forge/chat-ui';
import type { ChatActions, ComposerHandle } from '@forge/chat-ui';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';

import type { AccountSummary, ChatMessageData, ChatMode, DrawnThumbnail, ForgeEvent, ThreadSummary, WorkspaceState, WorkspaceSummary } from '../contract/index.ts';
import type { ForgeHost } from './forge-client.ts';
import { createImageActions } from './image-actions.ts';
import { createLibraryEvents } from './library/library-events.ts';
import { type ChosenReference, LibraryPage } from './library/library-page.tsx';
import { useRoute } from './library/use-route.ts';
import { SettingsDialog } from './settings/settings-dialog.tsx';
import type { AccountActions } from './settings/settings-dialog.tsx';
import { ConversationSidebar } from './sidebar/conversation-sidebar.tsx';
import { StorageBanner } from './sidebar/storage-banner.tsx';
import { WorkspaceMenu } from './sidebar/workspace-menu.tsx';
import { useImageFollowUps } from './use-image-follow-ups.ts';
import { orderedEvents } from './transcript/ordered-events.ts';
import { classicTranscript, drawnThumbnail, latestThumbnails, mergeState, prependPage, withoutThumbnails } from './transcript/transcript-pages.ts';

/** The benchmark's "before" (`?transcript=classic`): whole thread, every message mounted, full images. */
const classic = classicTranscript();

/**
 * A thread opening, or an image just finished: its latest pictures are fetched while the
 * transcript lays itself out, not after.
 */
function prefetchLatest(messages: readonly ChatMessageData[], count: number): void {
  if (classic) return;
  for (const thumbnail of latestThumbnails(messages, count)) void prefetchThumbnail(thumbnail.url, thumbnail.url2x);
}

/** How long a finished image's message waits for its sent thumbnail to be decoded (a few ms, usually). */
const drawnDecodeWaitMs = 50;

/** An image just finished, its 1× thumbnail sent along: decoded from those bytes, not asked for (settles when decoded). */
function prefetchDrawn(message: ChatMessageData, drawn: DrawnThumbnail): Promise<void> | undefined {
  const thumbnail = classic ? undefined : drawnThumbnail(message, drawn);
  if (thumbnail !== undefined) return prefetchThumbnail(thumbnail.url, thumbnail.url2x, thumbnail.picture);
  return undefined;
}

function upsert(messages: ChatMessageData[], message: ChatMessageData): ChatMessageData[] {
  const index = messages.findIndex((candidate) => candidate.id === message.id);
  if (index === -1) return [...messages, message];
  const next = messages.slice();
  next[index] = message;
  return next;
}

export function App({ host }: { host: ForgeHost }): React.JSX.Element {
  const [state, setState] = useState<WorkspaceState | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  /** News that is not a failure (e.g. where the old database went). */
  const [info, setInfo] = useState<string | undefined>();
  const [settingsOpen, setSettingsOpen] = useState(false);
  const composer = useRef<ComposerHandle>(null);
  const [threads, setThreads] = useState<ThreadSummary[]>([]);
  const [workspaces, setWorkspaces] = useState<WorkspaceSummary[]>([]);
  // The Library: its own route (Back returns to the chat), its events, and what it hands the chat.
  const { route, navigate, backToChat } = useRoute();
  const [libraryVisited, setLibraryVisited] = useState(route === 'library');
  const libraryEvents = useMemo(() => createLibraryEvents(), []);
  const [revealMessageId, setRevealMessageId] = useState<string | undefined>();

  useEffect(() => {
    // A finished image's message waits for its sent thumbnail to be decoded: both in one frame.
    const deliver = orderedEvents(apply, { maxWaitMs: drawnDecodeWaitMs, onError: (error) => console.error(error) });
    const unsubscribe = host.api.subscribe((event: ForgeEvent) => {
      deliver(event, event.type === 'message' && event.drawn !== undefined ? prefetchDrawn(event.message, event.drawn) : undefined);
    });
    function apply(event: ForgeEvent): void {
      if (event.type === 'assets-changed') libraryEvents.emit(event);
      if (event.type === 'threads') setThreads(event.threads);
      if (event.type === 'workspaces') setWorkspaces(event.workspaces);
      if (event.type === 'state') prefetchLatest(event.state.messages, 3);
      if (event.type === 'message') {
        prefetchLatest([event.message], 4);
      }
      setState((current) => {
        if (!current) return current;
        switch (event.type) {
          case 'message':
            // A message of a thread this window has left (or not opened yet) is not shown here.
            if (event.threadId !== undefined && event.threadId !== current.threadId) return current;
            return { ...current, messages: upsert(current.messages, event.message) };
          case 'busy':
            if (event.threadId !== undefined && event.threadId !== current.threadId) return current;
            return { ...current, busy: event.busy };
          case 'account':
            return { ...current, account: event.account };
          case 'agent-tools':
            return { ...current, agentTools: event.agentTools };
          case 'chat-mode':
            return { ...current, chatMode: event.mode };
          case 'sign-in':
            // The account event that follows carries the outcome the dialog shows.
            return current;
          case 'state':
            // The same thread keeps the older pages already loaded above its latest page.
            return mergeState(current, event.state);
          case 'storage':
            return { ...current, storage: event.storage };
          case 'image-support':
            return { ...current, imageSupport: event.imageSupport };
          case 'composer-attachments':
            // The chips are the window's own (useImageFollowUps); a Refine's answer adds its chip there.
            return current;
          case 'threads':
          case 'workspaces':
          case 'assets-changed':
            return current;
          default:
            event satisfies never;
            return current;
        }
      });
    }
    host.api
      .call('getState', {})
      .then(async (opened) => {
        prefetchLatest(opened.messages, 3);
        if (!classic) return opened;
        // The old way: the whole thread before the first paint.
        let whole = opened;
        for (let first = whole.messages[0]; whole.hasOlder && first !== undefined; first = whole.messages[0]) {
          whole = prependPage(whole, await host.api.call('loadOlder', { threadId: whole.threadId, before: first.id, limit: 1_000 }));
        }
        return whole;
      })
      .then((opened) => setState((current) => mergeState(current, opened)), (error: unknown) => setNotice(error instanceof Error ? error.message : String(error)));
    host.api.call('listThreads', {}).then(setThreads, () => undefined);
    host.api.call('listWorkspaces', {}).then(setWorkspaces, () => undefined);
    return unsubscribe;
  }, [host, libraryEvents]);

  const report = useCallback((error: unknown) => setNotice(error instanceof Error ? error.message : String(error)), []);
  const followUps = useImageFollowUps(host, state?.imageSupport, report);
  const { addAttachment, takeRequest, setAttachments } = followUps;

  const actions = useMemo<ChatActions>(
    () => ({
      ...createImageActions(host, setNotice),
      onCancelImage: (imageId) => void host.api.call('cancelImage', { imageId }).catch(report),
      onRetryImage: (imageId) => void host.api.call('regenerateImage', { imageId }).catch(report),
      onRegenerateImage: (imageId) => void host.api.call('regenerateImage', { imageId }).catch(report),
      onRetryTurn: (messageId) => void host.api.call('retryTurn', { messageId }).catch(report),
      onApprove: (proposalId) => void host.api.call('approveProposal', { proposalId }).catch(report),
      onEdit: (proposalId, edit) =>
        void host.api.call('approveProposal', 'body' in edit ? { proposalId, body: edit.body } : { proposalId, edit }).catch(report),
      onReject: (proposalId) => void host.api.call('rejectProposal', { proposalId }).catch(report),
      onAnswerApproval: (approvalId, decision) => void host.api.call('answerApproval', { approvalId, decision }).catch(report),
      onOpenAccountSettings: () => setSettingsOpen(true),
      onRefine: (image) => {
        setNotice(undefined);
        host.api.call('refineImage', { imageId: image.id }).then((chip) => {
          addAttachment(chip);
          composer.current?.focus();
        }, report);
      },
    }),
    [host, report, addAttachment],
  );

  // Scrolling to the top of the loaded messages asks for the page above, from the database.
  const threadId = state?.threadId;
  const oldestId = state?.messages[0]?.id;
  const loadOlder = useCallback(async () => {
    if (threadId === undefined || oldestId === undefined) return;
    try {
      const page = await host.api.call('loadOlder', { threadId, before: oldestId });
      setState((current) => (current?.threadId === threadId && current.messages[0]?.id === oldestId ? prependPage(current, page) : current));
    } catch (error) {
      report(error);
    }
  }, [host, report, threadId, oldestId]);

  const showAccount = useCallback((account: AccountSummary) => setState((current) => (current ? { ...current, account } : current)), []);

  const accountActions = useMemo<AccountActions>(
    () => ({
      signIn: async (method) => {
        const started = await host.api.call('startSignIn', { method });
        // The desktop app opens the page in the system browser; a browser tab shows it as a link.
        await host.shell?.openSignInPage('authUrl' in started ? started.authUrl : started.verificationUrl).catch(report);
      },
      cancelSignIn: (loginId) => host.api.call('cancelSignIn', { loginId }),
      setApiKey: async (input) => showAccount((await host.api.call('setApiKey', input)).account),
      signOut: async () => showAccount((await host.api.call('signOut', {})).account),
      ...(host.shell === undefined ? {} : { openUrl: (url: string) => void host.shell?.openSignInPage(url).catch(report) }),
    }),
    [host, report, showAccount],
  );

  const send = useCallback((text: string) => {
    setNotice(undefined);
    const { request, chips } = takeRequest();
    host.api.call('sendMessage', { text, ...request }).catch((error: unknown) => {
      // Refused (a reference deleted, a backend that cannot take it): the chips come back to fix.
      setAttachments(chips);
      report(error);
    });
  }, [host, report, takeRequest, setAttachments]);

  useEffect(() => {
    if (route === 'library') setLibraryVisited(true);
    document.title = route === 'library' ? 'Library — Forge' : 'Forge';
  }, [route]);

  const useInChat = useCallback((reference: ChosenReference) => {
    // The Library's image goes to the composer as a reference for the next request.
    addAttachment({ relativePath: reference.relativePath, role: 'reference', name: reference.name, url: reference.thumbnailUrl ?? '' });
    navigate('chat');
    requestAnimationFrame(() => composer.current?.focus());
  }, [navigate, addAttachment]);

  // Show in chat: the thread that made the image is opened (it may be another than the one
  // shown), then the transcript scrolls to the message and focuses it.
  const showInChat = useCallback((relativePath: string) => {
    void (async () => {
      const result = await host.api.call('revealInChat', { relativePath });
      if (!result.found) {
        setNotice(result.message);
        return;
      }
      let opened = await host.api.call('openThread', { threadId: result.threadId });
      // The message may be older than the latest page: the pages above it are loaded first.
      for (let first = opened.messages[0]; first !== undefined && opened.hasOlder && !opened.messages.some((message) => message.id === result.messageId); first = opened.messages[0]) {
        opened = prependPage(opened, await host.api.call('loadOlder', { threadId: opened.threadId, before: first.id, limit: 200 }));
      }
      setState(opened);
      setRevealMessageId(result.messageId);
      navigate('chat');
    })().catch(report);
  }, [host, navigate, report]);

  const revealed = useCallback((found: boolean) => {
    setRevealMessageId(undefined);
    if (!found) setNotice('That message is no longer in this conversation.');
  }, []);

  const changeMode = useCallback(
    (chatMode: ChatMode) => {
      // Shown at once; the session (which remembers it for the thread) confirms or the notice says why not.
      setState((current) => (current ? { ...current, chatMode } : current));
      host.api.call('setMode', { mode: chatMode }).catch(report);
    },
    [host, report],
  );

  if (!state) {
    return <div className="forge-app forge-app--loading" aria-busy="true">{notice ?? 'Starting Forge…'}</div>;
  }

  const { account } = state;
  const imagesFolder = state.mode === 'project' ? '.forge/generated/' : '~/.forge/scratchpad/generated/';
  return (
    <div className="forge-app">
      <header className="forge-app__header">
        <div className="forge-app__title">
          <span className="forge-app__logo" aria-hidden="true">◆</span>
          <WorkspaceMenu host={host} state={state} workspaces={workspaces} onWorkspaces={setWorkspaces} onOpened={setState} />
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
          <AccountStatus account={account} onOpen={() => setSettingsOpen(true)} />
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
      <div className="forge-app__body" inert={route === 'library'} data-away={route === 'library' || undefined}>
        <aside className="forge-app__sidebar">
          <ConversationSidebar host={host} threads={threads} activeThreadId={state.threadId} imagesFolder={imagesFolder} onError={report} />
        </aside>
        <div className="forge-app__column">
          <StorageBanner
            host={host}
            storage={state.storage}
            onFresh={(fresh, renamedTo) => {
              setState(fresh);
              setInfo(`Started a fresh database. The old one is kept as ${renamedTo}.`);
            }}
          />
          <main className="forge-app__chat">
            <ChatTranscript
              // A thread opens at its latest message.
              key={state.threadId}
              messages={classic ? state.messages.map(withoutThumbnails) : state.messages}
              hasOlder={state.hasOlder}
              onLoadOlder={loadOlder}
              virtualized={!classic}
              actions={actions}
              revealMessageId={revealMessageId}
              onRevealed={revealed}
              emptyState={
                <EmptyState onPick={(text) => composer.current?.fill(text)}>
                  <p>
                    Ask for concept art, a UI mock-up, an icon or a sprite sheet. Every image is saved to <code>{imagesFolder}</code>.
                  </p>
                </EmptyState>
              }
            />
          </main>
          <footer className="forge-app__composer">
            {info === undefined ? null : (
              <div className="forge-app__notice forge-app__notice--info" role="status">
                {info}
                <button type="button" onClick={() => setInfo(undefined)} aria-label="Dismiss">×</button>
              </div>
            )}
            {notice === undefined ? null : (
              <div className="forge-app__notice" role="alert">
                {notice}
                <button type="button" onClick={() => setNotice(undefined)} aria-label="Dismiss">×</button>
              </div>
            )}
            <Composer
              ref={composer}
              onSend={send}
              busy={state.busy}
              onStop={() => void host.api.call('cancelTurn', {}).catch(report)}
              mode={state.chatMode}
              onModeChange={changeMode}
              attachments={followUps.chips}
              onRemoveAttachment={followUps.remove}
              onAttachFiles={followUps.attachFiles}
              attachDisabledReason={followUps.attachDisabledReason}
              options={<ImageOptions value={followUps.options} onChange={followUps.setOptions} disabledReasons={followUps.disabledReasons} disabled={state.busy} />}
            />
          </footer>
        </div>
      </div>
      {libraryVisited && (
        <div className="forge-app__library" inert={route !== 'library'} data-away={route !== 'library' || undefined}>
          {notice !== undefined && route === 'library' && (
            <div className="forge-app__notice" role="alert">
              {notice}
              <button type="button" onClick={() => setNotice(undefined)} aria-label="Dismiss">×</button>
            </div>
          )}
          <LibraryPage
            // Another workspace is another Library: listed afresh.
            key={`${state.mode}:${state.folder}`}
            host={host}
            events={libraryEvents}
            active={route === 'library'}
            folderLabel={imagesFolder}
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
        accountActions={accountActions}
        onPickImageModel={async (model) => showAccount((await host.api.call('setImageModel', { model })).account)}
        onPickChatModel={async (model) => showAccount((await host.api.call('setChatModel', { model })).account)}
        agentTools={state.agentTools}
        onSetAgentTools={async (enabled) => {
          const result = await host.api.call('setAgentTools', { enabled });
          setState((current) => (current ? { ...current, agentTools: result.agentTools } : current));
        }}
      />
    </div>
  );
}
