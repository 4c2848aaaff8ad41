// The chat window: a header with the workspace and account, the transcript, and the composer.
import { AccountStatus, ChatTranscript, Composer, EmptyState } from '@forge/chat-ui';
import type { ChatActions, ComposerHandle } from '@forge/chat-ui';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';

import type { AccountSummary, ChatMessageData, ChatMode, ForgeEvent, WorkspaceState } from '../contract/index.ts';
import type { ForgeHost } from './forge-client.ts';
import { createImageActions } from './image-actions.ts';
import { SettingsDialog } from './settings/settings-dialog.tsx';
import type { AccountActions } from './settings/settings-dialog.tsx';

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
  const composer = useRef<ComposerHandle>(null);

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
          case 'agent-tools':
            return { ...current, agentTools: event.agentTools };
          case 'chat-mode':
            return { ...current, chatMode: event.mode };
          case 'sign-in':
            // The account event that follows carries the outcome the dialog shows.
            return current;
          default:
            event satisfies never;
            return current;
        }
      });
    });
    host.api.call('getState', {}).then(setState, (error: unknown) => setNotice(error instanceof Error ? error.message : String(error)));
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
  return (
    <div className="forge-app">
      <header className="forge-app__header">
        <div className="forge-app__title">
          <span className="forge-app__logo" aria-hidden="true">◆</span>
          <span className="forge-app__folder" title={state.folder}>{state.mode === 'project' ? folderName(state.folder) : 'Scratchpad'}</span>
          <span className="forge-app__mode">{state.mode === 'project' ? 'Project' : 'Open mode'}</span>
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
      <main className="forge-app__chat">
        <ChatTranscript
          messages={state.messages}
          actions={actions}
          emptyState={
            <EmptyState onPick={(text) => composer.current?.fill(text)}>
              <p>
                Ask for concept art, a UI mock-up, an icon or a sprite sheet. Every image is saved to{' '}
                <code>{state.mode === 'project' ? '.forge/generated/' : '~/.forge/scratchpad/generated/'}</code>.
              </p>
            </EmptyState>
          }
        />
      </main>
      <footer className="forge-app__composer">
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
