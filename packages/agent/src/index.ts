export type {
  AgentAccount,
  AgentActionRequest,
  AgentApprovalDecision,
  AgentBackend,
  AgentBackendCapabilities,
  AgentBackendId,
  AgentBackendV1,
  AgentHistoryMessage,
  AgentImageOptions,
  AgentInputImage,
  AgentMode,
  AgentSupport,
  AgentRateLimits,
  AgentFileChange,
  AgentTurnEvent,
  AgentTurnInput,
  RateLimitWindow,
  RunTurnOptions,
} from './agent-backend-spec.ts';
export { AgentError } from './agent-error.ts';
export type { AgentErrorCode, AgentErrorOptions } from './agent-error.ts';
export { consoleLogger, silentLogger } from './agent-logger.ts';
export { createStallWatchdog, systemWatchdogClock } from './stall-watchdog.ts';
export type { StallWatchdog, StallWatchdogOptions, WatchdogClock } from './stall-watchdog.ts';
export { defaultStallTimeoutMs, describeStallTimeout, runTurnWithStallTimeout } from './stall-timeout.ts';
export type { StallTimeoutOptions } from './stall-timeout.ts';
export type { AgentLogger } from './agent-logger.ts';
export { backendCapabilities } from './agent-capabilities.ts';
export { backendImageSupport, supportedImageOptions } from './agent-image-support.ts';
export type { AgentImageSupport } from './agent-image-support.ts';
export { chooseAgentBackend } from './choose-agent-backend.ts';
export type { AgentBackendPreference, ChooseAgentBackendOptions } from './choose-agent-backend.ts';
export { findMemoryProposals } from './memory-proposals.ts';
export { createOfflineBackend } from './offline/offline-backend.ts';
export type { OfflineBackendOptions } from './offline/offline-backend.ts';
export { isPictureRequest, promptFromRequest } from './offline/picture-request.ts';
export { classifyMessage } from './offline/message-intent.ts';
export type { MessageIntent } from './offline/message-intent.ts';
export type { OfflineTopic } from './offline/offline-answers.ts';
export { createCodexBackend } from './codex/codex-backend.ts';
export type { CodexBackend, CodexBackendOptions } from './codex/codex-backend.ts';
export { hasStoredCodexSignIn } from './codex/codex-account.ts';
export type { CodexAccountEvent, CodexAccountInfo, CodexAccounts, CodexSignInMethod, CodexSignInStart } from './codex/codex-account.ts';
export { codexImageModelId } from './codex/codex-turn-mapper.ts';
export { renderCodexConfig, prepareCodexHome } from './codex/codex-config.ts';
export type { CodexProviderConfig } from './codex/codex-config.ts';
export { resolveCodexBinary } from './codex/codex-binary.ts';
export type { CodexBinary } from './codex/codex-binary.ts';
export { defaultCodexSpawner } from './codex/app-server-supervisor.ts';
export type { CodexChildProcess, CodexSpawner } from './codex/app-server-supervisor.ts';
export { createOpenAIBackend, defaultOpenAIImageModel } from './openai/openai-backend.ts';
export { checkOpenAIKey } from './openai/openai-key-check.ts';
export type { OpenAIKeyCheck, OpenAIKeyCheckOptions } from './openai/openai-key-check.ts';
export { chatModelsOf, defaultChatModel, imageModelsOf } from './openai/openai-models.ts';
export type { OpenAIBackend, OpenAIBackendOptions, OpenAIImageToolOptions } from './openai/openai-backend.ts';
