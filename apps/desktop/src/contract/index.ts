export type {
  AccountRateLimits,
  AccountSummary,
  AgentToolsSummary,
  ChatApprovalPart,
  ChatImagePart,
  ChatMessageData,
  ChatMode,
  ChatPart,
  ChatProposalEntry,
  ChatProposalPart,
  ForgeEvent,
  ImageErrorInfo,
  PendingSignIn,
  QuotaWindow,
  StorageStatus,
  ThreadSummary,
  WorkspaceState,
  WorkspaceSummary,
} from './chat-types.ts';
export { contractInputs, isContractCall } from './forge-contract.ts';
export type { ContractCall, ContractError, ContractInput, ContractOutputs, ForgeApi, ForgeBridge, ForgeShell } from './forge-contract.ts';
