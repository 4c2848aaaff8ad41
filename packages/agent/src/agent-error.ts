// Failures of a chat turn that are not about the image itself: the backend process,
// the account, the connection. Image failures stay ImageGenerationErrors.
const marker = Symbol.for('forge.agent.error');

export type AgentErrorCode =
  | 'signed_out'
  | 'quota_exceeded'
  | 'rate_limited'
  | 'network'
  | 'backend_crashed'
  /** The optional peer `@openai/codex` (or its platform binary) is not installed and no `binaryPath` was given. */
  | 'codex_missing'
  | 'protocol'
  | 'cancelled'
  | 'invalid_request'
  | 'server'
  /** The backend went silent mid-turn for longer than the stall timeout. */
  | 'timeout';

export interface AgentErrorOptions {
  code: AgentErrorCode;
  message: string;
  retryable?: boolean;
  resetsAt?: Date;
  cause?: unknown;
}

export class AgentError extends Error {
  readonly [marker] = true;
  override readonly name = 'AgentError';
  readonly code: AgentErrorCode;
  readonly retryable: boolean;
  readonly resetsAt: Date | undefined;

  constructor(options: AgentErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.retryable = options.retryable ?? ['network', 'rate_limited', 'backend_crashed', 'server', 'timeout'].includes(options.code);
    this.resetsAt = options.resetsAt;
  }

  static isInstance(value: unknown): value is AgentError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
  }
}
