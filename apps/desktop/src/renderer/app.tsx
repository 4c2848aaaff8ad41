// The chat window: a header with the workspace switcher and account, the conversations
// sidebar, the open thread's transcript, and the composer.
import { AccountStatus, ChatTranscript, Composer, EmptyState } from '@forge/chat-ui';
import type { ChatActions, ComposerHandle } from '@forge/chat-ui';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';

import type { AccountSummary, ChatMessageData, ChatMode, ForgeEvent, ThreadSummary, WorkspaceState, WorkspaceSummary } from '../contract/index.ts';
import type { ForgeHost } from './forge-client.ts';
import { createImageActions } from './image-actions.ts';
import { SettingsDialog } from './settings/settings-dialog.tsx';
import type { AccountActions } from './settings/settings-dialog.tsx';
import { ConversationSidebar } from './sidebar/conversation-sidebar.tsx';
import { StorageBanner } from './sidebar/storage-banner.tsx';
import { WorkspaceMenu } from './sidebar/workspace-menu.tsx';
import { classicTranscript, mergeState, prependPage, withoutThumbnails } from './transcript/transcript-pages.ts';

/** The benchmark's "before" (`?transcript=classic`): whole thread, every message mounted, full images. */
const classic = classicTranscript();

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

  useEffect(() => {
    const unsubscribe = host.api.subscribe((event: ForgeEvent) => {
      if (event.type === 'threads') setThreads(event.threads);
      if (event.type === 'workspaces') setWorkspaces(event.workspaces);
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
          // The Library's news (assets-changed): this window does not show the Library yet.
          case 'threads':
          case 'workspaces':
          case 'assets-changed':
            return current;
          default:
            event satisfies never;
            return current;
        }
      });
    });
    host.api
      .call('getState', {})
      .then(async (opened) => {
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
  }, [host]);

  const report = useCallback((error: unknown) => setNotice(error instanceof Error ? error.message : String(error)), []);

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
    }),
    [host, report],
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
    host.api.call('sendMessage', { text }).catch(report);
  }, [host, report]);

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
      <div className="forge-app__body">
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
            />
          </footer>
        </div>
      </div>
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
