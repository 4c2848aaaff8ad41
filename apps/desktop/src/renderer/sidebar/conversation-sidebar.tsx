// The sidebar: the open workspace's threads (chat-ui's ThreadList) wired to the contract.
// The list itself comes from the app, kept current by the `threads` event.
import { ThreadList } from '@forge/chat-ui';

import type { ThreadSummary } from '../../contract/index.ts';
import type { ForgeHost } from '../forge-client.ts';

export interface ConversationSidebarProps {
  host: ForgeHost;
  threads: readonly ThreadSummary[];
  activeThreadId: string;
  /** Where the workspace's images are, as the user reads it (for the delete confirmation). */
  imagesFolder: string;
  /** A failure to report in the app's notice. */
  onError: (error: unknown) => void;
}

export function ConversationSidebar({ host, threads, activeThreadId, imagesFolder, onError }: ConversationSidebarProps): React.JSX.Element {
  return (
    <ThreadList
      threads={threads}
      activeThreadId={activeThreadId}
      imagesFolder={imagesFolder}
      onOpen={(threadId) => {
        if (threadId !== activeThreadId) host.api.call('openThread', { threadId }).catch(onError);
      }}
      onNew={() => void host.api.call('newThread', {}).catch(onError)}
      onRename={async (threadId, title) => {
        await host.api.call('renameThread', { threadId, title });
      }}
      onDelete={async (threadId) => {
        await host.api.call('deleteThread', { threadId });
      }}
    />
  );
}
