export type {
  AgentAccount,
  AgentBackend,
  AgentBackendId,
  AgentBackendV1,
  AgentMode,
  AgentRateLimits,
  AgentTurnEvent,
  AgentTurnInput,
  RateLimitWindow,
  RunTurnOptions,
} from './agent-backend-spec.ts';
export { AgentError } from './agent-error.ts';
export type { AgentErrorCode, AgentErrorOptions } from './agent-error.ts';
export { createOfflineBackend } from './offline/offline-backend.ts';
export type { OfflineBackendOptions } from './offline/offline-backend.ts';
export { isPictureRequest, promptFromRequest } from './offline/picture-request.ts';
