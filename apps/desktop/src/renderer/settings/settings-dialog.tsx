// Settings: the Account section (who pays for the images: ChatGPT, an API key, or offline
// previews), the models that account draws and chats with, and Agent tools.
import { AccountPanel } from '@forge/chat-ui';
import type { ApiKeyInput, SignInMethod } from '@forge/chat-ui';
import { useEffect, useId, useRef, useState } from 'react';

import type { AccountSummary, AgentToolsSummary } from '../../contract/index.ts';
import { AgentToolsSetting } from './agent-tools-setting.tsx';
import { ModelPicker } from './model-picker.tsx';

function fixedModelHint(account: AccountSummary): string {
  switch (account.backend) {
    case 'codex':
      return 'Fixed by Codex for your ChatGPT plan.';
    case 'offline':
      return 'Draws offline previews. Sign in with ChatGPT or use an API key for real models.';
    case 'openai':
      return 'The only image model this key can use.';
    default:
      account.backend satisfies never;
      return '';
  }
}

export interface AccountActions {
  signIn: (method: SignInMethod) => Promise<unknown>;
  cancelSignIn: (loginId: string) => Promise<unknown>;
  setApiKey: (input: ApiKeyInput) => Promise<unknown>;
  signOut: () => Promise<unknown>;
  /** A desktop shell opens sign-in pages in the system browser; a browser shows them as links. */
  openUrl?: ((url: string) => void) | undefined;
}

export interface SettingsDialogProps {
  account: AccountSummary;
  open: boolean;
  onClose: () => void;
  accountActions: AccountActions;
  onPickImageModel: (model: string) => Promise<void>;
  onPickChatModel: (model: string) => Promise<void>;
  agentTools: AgentToolsSummary;
  onSetAgentTools: (enabled: boolean) => Promise<void>;
}

export function SettingsDialog({ account, open, onClose, accountActions, onPickImageModel, onPickChatModel, agentTools, onSetAgentTools }: SettingsDialogProps): React.JSX.Element {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const accountHeadingId = useId();
  const modelsHeadingId = useId();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  const pick = (choose: (model: string) => Promise<void>) => async (model: string) => {
    setError(undefined);
    await choose(model).catch((reason: unknown) => setError(reason instanceof Error ? reason.message : String(reason)));
  };

  return (
    <dialog ref={dialog} className="forge-settings" aria-labelledby={titleId} onClose={onClose}>
      <header className="forge-settings__header">
        <h2 id={titleId}>Settings</h2>
        <button type="button" className="forge-settings__close" onClick={onClose} aria-label="Close settings">×</button>
      </header>
      <section className="forge-settings__section" aria-labelledby={accountHeadingId}>
        <h3 id={accountHeadingId}>Account</h3>
        <AccountPanel
          account={account}
          onSignIn={accountActions.signIn}
          onCancelSignIn={accountActions.cancelSignIn}
          onSetApiKey={accountActions.setApiKey}
          onSignOut={accountActions.signOut}
          onOpenUrl={accountActions.openUrl}
        />
      </section>
      <section className="forge-settings__section" aria-labelledby={modelsHeadingId}>
        <h3 id={modelsHeadingId}>Models</h3>
        <dl className="forge-settings__rows">
          <ModelPicker
            label="Image model"
            value={account.imageModel}
            choices={account.imageModelSelectable ? account.imageModels : []}
            fixedHint={fixedModelHint(account)}
            onPick={pick(onPickImageModel)}
          />
          {account.backend === 'openai' && (
            <ModelPicker
              label="Chat model"
              value={account.chatModel ?? 'none listed'}
              choices={account.chatModels ?? []}
              fixedHint={account.chatModel === undefined ? 'This server lists no chat model Forge can use.' : 'The only chat model this server lists.'}
              onPick={pick(onPickChatModel)}
            />
          )}
        </dl>
        {error === undefined ? null : <p className="forge-settings__error" role="alert">{error}</p>}
      </section>
      <AgentToolsSetting agentTools={agentTools} onChange={onSetAgentTools} />
    </dialog>
  );
}
