export type {
  AccountSummary,
  AgentToolsSummary,
  ChatApprovalPart,
  ChatImagePart,
  ChatMessageData,
  ChatPart,
  ChatProposalPart,
  ForgeEvent,
  ImageErrorInfo,
  StorageStatus,
  ThreadSummary,
  WorkspaceState,
  WorkspaceSummary,
} from './chat-types.ts';
export { contractInputs, isContractCall } from './forge-contract.ts';
export type { ContractCall, ContractError, ContractInput, ContractOutputs, ForgeApi, ForgeBridge, ForgeShell } from './forge-contract.ts';
