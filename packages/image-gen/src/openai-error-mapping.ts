// Maps every failure of the `openai` SDK (status errors, stream error events, connection
// resets, timeouts, aborts, junk bodies) onto the ImageGenerationError taxonomy.
import { APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';

import { ImageGenerationError } from './image-generation-error.ts';
import { redactSecrets } from './redact-secrets.ts';
import { serverRetryAfterMs } from './retry-delay.ts';

export interface OpenAIErrorContext {
  /** The image model the request asked for. */
  model: string;
  /** The caller cancelled. */
  cancelled?: boolean;
  /** Our own deadline fired. */
  timedOut?: boolean;
  timeoutMs?: number;
  /** Secrets to scrub from any server text we quote. */
  secrets?: readonly string[];
}

type ErrorBody = Record<string, unknown>;

function bodyOf(error: APIError): ErrorBody {
  const body: unknown = error.error;
  return typeof body === 'object' && body !== null ? (body as ErrorBody) : {};
}

function serverText(error: APIError, context: OpenAIErrorContext): string {
  const message = bodyOf(error).message;
  return typeof message === 'string' && message.trim() !== '' ? ` The server said: "${redactSecrets(message.trim(), context.secrets)}"` : '';
}

/** When a spent quota comes back, from `resets_at` (Unix seconds) or `resets_in_seconds`. */
function resetsAtOf(body: ErrorBody, now: number): Date | undefined {
  const resetsAt = body.resets_at;
  if (typeof resetsAt === 'number' && resetsAt > 0) return new Date(resetsAt * 1000);
  if (typeof resetsAt === 'string' && !Number.isNaN(Date.parse(resetsAt))) return new Date(resetsAt);
  const resetsIn = body.resets_in_seconds;
  if (typeof resetsIn === 'number' && resetsIn >= 0) return new Date(now + resetsIn * 1000);
  return undefined;
}

function describeWait(milliseconds: number): string {
  if (milliseconds < 1_000) return 'in a moment';
  if (milliseconds < 120_000) return `in ${Math.ceil(milliseconds / 1_000)} s`;
  return `in ${Math.ceil(milliseconds / 60_000)} min`;
}

const networkCodes = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

function isNetworkFailure(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && networkCodes.has(code)) return true;
    if (current instanceof TypeError && /terminated|fetch failed|network|socket/i.test(current.message)) return true;
  }
  return false;
}

/** "The model 'gpt-image-2' does not exist.", which OpenAI also sends as a 400 or a stream error. */
const unknownModel = /\bmodel\b.{0,80}?\b(?:does not exist|not found)\b/i;

function fromStatus(error: APIError, context: OpenAIErrorContext, now: number): ImageGenerationError {
  const body = bodyOf(error);
  const code = typeof body.code === 'string' ? body.code : undefined;
  const type = typeof body.type === 'string' ? body.type : undefined;
  const base = { cause: error, ...(error.requestID ? { requestId: error.requestID } : {}), ...(error.status === undefined ? {} : { status: error.status }) };
  const model = context.model;

  // Not the type `image_generation_user_error`: OpenAI gives it to every image request it refuses,
  // an unknown model among them (openai/codex#25969); only these codes are the safety system.
  if (code === 'moderation_blocked' || code === 'content_policy_violation') {
    return new ImageGenerationError({
      ...base,
      code: 'content_policy',
      message: "OpenAI's safety system blocked this image request. Rephrase the prompt (or change the reference images) and try again.",
    });
  }
  if (code === 'insufficient_quota' || type === 'insufficient_quota' || type === 'usage_limit_reached' || code === 'usage_limit_reached') {
    const resetsAt = resetsAtOf(body, now);
    const when = resetsAt === undefined ? 'Check the plan and billing details of the account, or wait for the quota to reset.' : `It resets at ${resetsAt.toISOString()}.`;
    return new ImageGenerationError({ ...base, code: 'quota_exceeded', message: `The account's image quota is used up. ${when}`, ...(resetsAt ? { resetsAt } : {}) });
  }
  const message = typeof body.message === 'string' ? body.message : '';
  if (code === 'model_not_found' || (error.status === 404 && /model/i.test(message)) || unknownModel.test(message)) {
    return new ImageGenerationError({
      ...base,
      code: 'model_unavailable',
      message: `The image model "${model}" is not available to this account. Pick another image model in Settings → Account.`,
    });
  }
  switch (error.status ?? 0) {
    case 404:
      return new ImageGenerationError({
        ...base,
        code: 'invalid_request',
        message: 'The image endpoint was not found (404). Check that the base URL points at an OpenAI-compatible API (it usually ends in /v1).',
      });
    case 400:
    case 413:
    case 422:
      return new ImageGenerationError({ ...base, code: 'invalid_request', message: `OpenAI rejected the image request.${serverText(error, context)}` });
    case 401:
      return new ImageGenerationError({
        ...base,
        code: 'authentication',
        message: 'OpenAI did not accept the API key (401). Check or replace the key in Settings → Account.',
      });
    case 403:
      return new ImageGenerationError({
        ...base,
        code: 'permission',
        message: `This account is not allowed to use the image model "${model}" (403).${serverText(error, context)}`,
      });
    case 429: {
      const retryAfterMs = serverRetryAfterMs(error.headers, now);
      const when = retryAfterMs === undefined ? 'Wait a little and try again.' : `Try again ${describeWait(retryAfterMs)}.`;
      return new ImageGenerationError({ ...base, code: 'rate_limited', message: `OpenAI is rate limiting image requests. ${when}`, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
    }
    case 408:
      return new ImageGenerationError({ ...base, code: 'timeout', message: 'OpenAI timed out while generating the image. Try again.' });
    default:
      break;
  }
  if (error.status !== undefined && error.status >= 500) {
    return new ImageGenerationError({ ...base, code: 'server', message: `OpenAI had a server error (${error.status}) while generating the image. Try again in a moment.` });
  }
  if (error.status === undefined) {
    // An `error` event inside the stream.
    return new ImageGenerationError({ ...base, code: 'server', message: `The image stream failed on the server.${serverText(error, context)} Try again.` });
  }
  return new ImageGenerationError({ ...base, code: 'invalid_request', message: `OpenAI rejected the image request (${error.status}).${serverText(error, context)}` });
}

/** Turns anything the SDK threw into an ImageGenerationError a person can act on. */
export function mapOpenAIError(error: unknown, context: OpenAIErrorContext, now: number = Date.now()): ImageGenerationError {
  if (ImageGenerationError.isInstance(error)) return error;
  if (context.timedOut === true || error instanceof APIConnectionTimeoutError) {
    const after = context.timeoutMs === undefined ? '' : ` after ${Math.round(context.timeoutMs / 1000)} s`;
    return new ImageGenerationError({ code: 'timeout', message: `The image request timed out${after}. Try again, or raise the timeout.`, cause: error });
  }
  if (context.cancelled === true || error instanceof APIUserAbortError) {
    return new ImageGenerationError({ code: 'cancelled', message: 'Image generation was cancelled.', cause: error });
  }
  if (error instanceof APIError && (error.status !== undefined || (error.error !== undefined && error.error !== null))) {
    return fromStatus(error as APIError, context, now);
  }
  if (error instanceof APIError || isNetworkFailure(error)) {
    return new ImageGenerationError({
      code: 'network',
      message: 'Could not reach the image service (the connection failed or was cut). Check the network connection and try again.',
      cause: error,
    });
  }
  if (error instanceof SyntaxError) {
    return new ImageGenerationError({
      code: 'invalid_output',
      message: 'The image service answered with something that is not valid JSON. Check the base URL points at an OpenAI-compatible API.',
      cause: error,
    });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new ImageGenerationError({ code: 'server', message: `Image generation failed unexpectedly: ${redactSecrets(detail, context.secrets)}`, cause: error });
}
