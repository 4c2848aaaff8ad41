// Settings → Agent tools: one checkbox that lets the agent ask to run commands, change files
// and reach the network (each time behind an Allow once card); disabled, with the reason, on
// backends that have no such tools.
import { useId, useState } from 'react';

import type { AgentToolsSummary } from '../../contract/index.ts';

export interface AgentToolsSettingProps {
  agentTools: AgentToolsSummary;
  onChange: (enabled: boolean) => Promise<void>;
}

export function AgentToolsSetting({ agentTools, onChange }: AgentToolsSettingProps): React.JSX.Element {
  const checkboxId = useId();
  const hintId = useId();
  /** The value the user just picked, shown at once while Forge saves it (undefined: show the saved one). */
  const [picked, setPicked] = useState<boolean | undefined>();
  const [error, setError] = useState<string | undefined>();
  const saving = picked !== undefined;

  const change = (enabled: boolean): void => {
    setPicked(enabled);
    setError(undefined);
    onChange(enabled)
      .catch((reason: unknown) => setError(reason instanceof Error ? reason.message : String(reason)))
      .finally(() => setPicked(undefined));
  };

  return (
    <section className="forge-settings__section forge-settings__section--tools" aria-label="Agent tools">
      <div className="forge-settings__toggle">
        <input
          id={checkboxId}
          type="checkbox"
          checked={picked ?? agentTools.enabled}
          disabled={!agentTools.available || saving}
          aria-describedby={hintId}
          onChange={(event) => change(event.target.checked)}
        />
        <div>
          <label htmlFor={checkboxId} className="forge-settings__toggle-label">
            Agent tools
          </label>
          <p id={hintId} className="forge-settings__hint">
            {agentTools.available
              ? 'Lets the agent ask to run commands, change files and reach the network; nothing happens until you press Allow once.'
              : agentTools.unavailableReason}
          </p>
        </div>
      </div>
      {error === undefined ? null : (
        <p className="forge-settings__error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
