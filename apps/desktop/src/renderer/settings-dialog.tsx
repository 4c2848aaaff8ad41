// Settings → Account: which backend answers, whether it is signed in, and the image model
// (a picker where the backend accepts a choice, the fixed model otherwise).
import { useEffect, useId, useRef, useState } from 'react';

import type { AccountSummary, AgentToolsSummary } from '../contract/index.ts';
import { AgentToolsSetting } from './agent-tools-setting.tsx';

const backendNames: Record<AccountSummary['backend'], string> = {
  codex: 'ChatGPT (Codex)',
  openai: 'OpenAI API key',
  offline: 'Offline',
};

function fixedModelHint(account: AccountSummary): string {
  switch (account.backend) {
    case 'codex':
      return 'Fixed by Codex for your ChatGPT plan.';
    case 'offline':
      return 'Draws offline previews. Connect a ChatGPT account or an API key for real models.';
    case 'openai':
      return 'The only image model this key can use.';
    default:
      account.backend satisfies never;
      return '';
  }
}

export interface SettingsDialogProps {
  account: AccountSummary;
  open: boolean;
  onClose: () => void;
  onPickImageModel: (model: string) => Promise<void>;
  agentTools: AgentToolsSummary;
  onSetAgentTools: (enabled: boolean) => Promise<void>;
}

export function SettingsDialog({ account, open, onClose, onPickImageModel, agentTools, onSetAgentTools }: SettingsDialogProps): React.JSX.Element {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const modelId = useId();
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  const pick = (model: string): void => {
    setSaving(true);
    setError(undefined);
    onPickImageModel(model)
      .catch((reason: unknown) => setError(reason instanceof Error ? reason.message : String(reason)))
      .finally(() => setSaving(false));
  };

  return (
    <dialog ref={dialog} className="forge-settings" aria-labelledby={titleId} onClose={onClose}>
      <header className="forge-settings__header">
        <h2 id={titleId}>Settings</h2>
        <button type="button" className="forge-settings__close" onClick={onClose} aria-label="Close settings">×</button>
      </header>
      <section className="forge-settings__section" aria-label="Account">
        <h3>Account</h3>
        <dl className="forge-settings__rows">
          <dt>Backend</dt>
          <dd>{backendNames[account.backend]}</dd>
          <dt>Status</dt>
          <dd>{account.backend === 'offline' ? 'No account connected' : account.signedIn ? 'Signed in' : 'Signed out'}</dd>
          {account.plan === undefined || account.backend === 'offline' ? null : (
            <>
              <dt>Plan</dt>
              <dd>{account.plan}</dd>
            </>
          )}
          <dt>
            <label htmlFor={modelId}>Image model</label>
          </dt>
          <dd>
            {account.imageModelSelectable && account.imageModels.length > 1 ? (
              <select id={modelId} value={account.imageModel} disabled={saving} onChange={(event) => pick(event.target.value)}>
                {account.imageModels.map((model) => (
                  <option key={model} value={model}>{model}</option>
                ))}
              </select>
            ) : (
              <>
                <output id={modelId} className="forge-settings__fixed">{account.imageModel}</output>
                <p className="forge-settings__hint">{fixedModelHint(account)}</p>
              </>
            )}
          </dd>
        </dl>
        {error === undefined ? null : <p className="forge-settings__error" role="alert">{error}</p>}
      </section>
      <AgentToolsSetting agentTools={agentTools} onChange={onSetAgentTools} />
    </dialog>
  );
}
