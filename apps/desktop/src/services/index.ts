export { createAgentBackend, imageModelFactory } from './agent-backend.ts';
export { ChatSession, SessionBusyError, UnknownProposalError } from './chat-session.ts';
export { ConfigError, readConfig } from './config.ts';
export type { ForgeConfig } from './config.ts';
export { toContractError, toErrorInfo } from './error-info.ts';
export { ContractInputError, createForgeServices } from './forge-services.ts';
export type { ContractResponse, ForgeServices, ForgeServicesOptions, WorkspaceOptions } from './forge-services.ts';
export { createLogger, redactSecrets } from './logger.ts';
export type { Logger } from './logger.ts';
