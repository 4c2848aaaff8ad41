export type {
  AccountSummary,
  ChatImagePart,
  ChatMessageData,
  ChatPart,
  ChatProposalPart,
  ForgeEvent,
  ImageErrorInfo,
  LibraryAsset,
  LibraryBrokenFile,
  LibraryFile,
  LibraryImage,
  LibraryKind,
  WorkspaceState,
} from './chat-types.ts';
export { contractInputs, isContractCall } from './forge-contract.ts';
export type { ContractCall, ContractError, ContractInput, ContractOutputs, ForgeApi, ForgeBridge, ForgeShell } from './forge-contract.ts';
