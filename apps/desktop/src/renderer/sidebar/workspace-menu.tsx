// The header's workspace switcher (chat-ui's WorkspaceSwitcher) wired to the contract: the
// recent list is read again each time it opens; Electron's shell offers its native folder
// picker, the browser a path field. A refusal stays in the panel; the open workspace stays.
import { WorkspaceSwitcher } from '@forge/chat-ui';

import type { WorkspaceState, WorkspaceSummary } from '../../contract/index.ts';
import type { ForgeHost } from '../forge-client.ts';

export interface WorkspaceMenuProps {
  host: ForgeHost;
  state: WorkspaceState;
  workspaces: readonly WorkspaceSummary[];
  onWorkspaces: (workspaces: WorkspaceSummary[]) => void;
  onOpened: (state: WorkspaceState) => void;
}

function folderName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).at(-1) ?? path;
}

export function WorkspaceMenu({ host, state, workspaces, onWorkspaces, onOpened }: WorkspaceMenuProps): React.JSX.Element {
  const shell = host.shell;
  const chooseFolder = shell?.chooseFolder === undefined ? undefined : (): Promise<string | undefined> => shell.chooseFolder?.() ?? Promise.resolve(undefined);
  return (
    <WorkspaceSwitcher
      current={{ mode: state.mode, folder: state.folder, name: state.mode === 'project' ? folderName(state.folder) : 'Scratchpad' }}
      recent={workspaces}
      onOpenChange={(open) => {
        if (open) host.api.call('listWorkspaces', {}).then(onWorkspaces, () => undefined);
      }}
      onOpenProject={async (projectDir) => onOpened(await host.api.call('openWorkspace', { projectDir }))}
      onOpenScratchpad={async () => onOpened(await host.api.call('openWorkspace', { mode: 'open' }))}
      onChooseFolder={chooseFolder}
    />
  );
}
