// The one error every image backend throws: a stable `code` a caller can branch on,
// whether to retry, and a message a person can act on. Never carries secrets.
const marker = Symbol.for('forge.image-gen.error');

export type ImageGenerationErrorCode =
  | 'quota_exceeded'
  | 'rate_limited'
  | 'content_policy'
  | 'authentication'
  | 'permission'
  | 'invalid_request'
  | 'model_unavailable'
  | 'network'
  | 'timeout'
  | 'cancelled'
  | 'invalid_output'
  | 'server';

const retryableCodes: ReadonlySet<ImageGenerationErrorCode> = new Set(['rate_limited', 'network', 'timeout', 'server']);

export interface ImageGenerationErrorOptions {
  code: ImageGenerationErrorCode;
  message: string;
  retryable?: boolean;
  requestId?: string;
  /** When a spent quota comes back. */
  resetsAt?: Date;
  /** How long to wait before retrying a rate-limited request. */
  retryAfterMs?: number;
  status?: number;
  cause?: unknown;
}

export class ImageGenerationError extends Error {
  readonly [marker] = true;
  override readonly name = 'ImageGenerationError';
  readonly code: ImageGenerationErrorCode;
  readonly retryable: boolean;
  readonly requestId: string | undefined;
  readonly resetsAt: Date | undefined;
  readonly retryAfterMs: number | undefined;
  readonly status: number | undefined;

  constructor(options: ImageGenerationErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.retryable = options.retryable ?? retryableCodes.has(options.code);
    this.requestId = options.requestId;
    this.resetsAt = options.resetsAt;
    this.retryAfterMs = options.retryAfterMs;
    this.status = options.status;
  }

  /** True for this error from any copy of the package. */
  static isInstance(value: unknown): value is ImageGenerationError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
  }

  /** A plain, serialisable view (for IPC and logs). */
  toJSON(): {
    name: string;
    code: ImageGenerationErrorCode;
    message: string;
    retryable: boolean;
    requestId?: string;
    resetsAt?: string;
    retryAfterMs?: number;
  } {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      ...(this.requestId === undefined ? {} : { requestId: this.requestId }),
      ...(this.resetsAt === undefined ? {} : { resetsAt: this.resetsAt.toISOString() }),
      ...(this.retryAfterMs === undefined ? {} : { retryAfterMs: this.retryAfterMs }),
    };
  }
}
