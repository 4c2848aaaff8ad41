// Maps failures of the Responses API (HTTP errors, `error` stream events, failed responses and
// failed image calls) to the core's error codes. Messages never include the API key.
import { ImageGenerationError, redactSecrets } from '@forge/image-gen';
import OpenAI from 'openai';

import { AgentError } from '../agent-error.ts';

export interface ApiErrorBody {
  code?: string | null;
  type?: string | null;
  message?: string | null;
}

function retryAfterMs(headers: Headers | undefined): number | undefined {
  const milliseconds = Number(headers?.get('retry-after-ms') ?? Number.NaN);
  if (Number.isFinite(milliseconds)) return milliseconds;
  const seconds = Number(headers?.get('retry-after') ?? Number.NaN);
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
}

function resetsAtFrom(error: unknown): Date | undefined {
  const body = (error as { error?: { resets_at?: unknown } } | undefined)?.error;
  return typeof body?.resets_at === 'number' ? new Date(body.resets_at * 1000) : undefined;
}

/** The turn error for an error body (from an HTTP error, a stream `error` event or `response.failed`). */
export function errorFromApiBody(
  body: ApiErrorBody | undefined,
  context: { status?: number | undefined; retryAfterMs?: number | undefined; resetsAt?: Date | undefined; secrets: readonly string[]; cause?: unknown },
): AgentError | ImageGenerationError {
  const detail = redactSecrets(body?.message ?? 'no details', context.secrets);
  const kind = `${body?.code ?? ''} ${body?.type ?? ''}`.toLowerCase();
  const { status, cause } = context;
  const resets = context.resetsAt === undefined ? {} : { resetsAt: context.resetsAt };
  if (/insufficient_quota|usage_limit|billing/.test(kind)) {
    return new AgentError({ code: 'quota_exceeded', message: `The OpenAI account's quota is used up; check the plan and billing. (${detail})`, retryable: false, ...resets, cause });
  }
  if (status === 429 || /rate_limit/.test(kind)) {
    const wait = context.retryAfterMs === undefined ? 'wait a moment' : `retry in ${Math.ceil(context.retryAfterMs / 1000)} s`;
    return new AgentError({ code: 'rate_limited', message: `OpenAI is rate limiting this key; ${wait}. (${detail})`, cause });
  }
  if (/moderation|content_policy|safety/.test(kind) || /safety system|content policy/i.test(detail)) {
    return new ImageGenerationError({ code: 'content_policy', message: `Blocked by the content policy; edit the request and retry. (${detail})`, ...(status === undefined ? {} : { status }), cause });
  }
  if (status === 401 || /invalid_api_key/.test(kind)) {
    return new AgentError({ code: 'signed_out', message: 'OpenAI rejected the API key: check it in Settings → Account.', retryable: false, cause });
  }
  if (status === 403) return new AgentError({ code: 'invalid_request', message: `This API key may not use that model or tool. (${detail})`, retryable: false, cause });
  if (status === 404 || /model_not_found/.test(kind)) return new AgentError({ code: 'invalid_request', message: `The model is not available to this key. (${detail})`, retryable: false, cause });
  if (status === 400 || status === 422 || /invalid_request/.test(kind)) return new AgentError({ code: 'invalid_request', message: `OpenAI rejected the request. (${detail})`, retryable: false, cause });
  return new AgentError({ code: 'server', message: `OpenAI had a problem${status === undefined ? '' : ` (HTTP ${status})`}; try again. (${detail})`, cause });
}

/** The turn error for anything the OpenAI client threw. */
export function errorFromOpenAIFailure(error: unknown, secrets: readonly string[], abortSignal?: AbortSignal): AgentError | ImageGenerationError {
  if (AgentError.isInstance(error) || ImageGenerationError.isInstance(error)) return error;
  if (error instanceof OpenAI.APIUserAbortError || abortSignal?.aborted === true) {
    return new AgentError({ code: 'cancelled', message: 'The turn was cancelled.', cause: error });
  }
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return new AgentError({ code: 'timeout', message: 'OpenAI did not start answering in time; check the connection and try again.', cause: error });
  }
  if (error instanceof OpenAI.APIConnectionError) {
    return new AgentError({ code: 'network', message: `Could not reach OpenAI; check the connection and try again. (${redactSecrets(error.message, secrets)})`, cause: error });
  }
  if (error instanceof OpenAI.APIError) {
    const body = (error.error ?? undefined) as ApiErrorBody | undefined;
    return errorFromApiBody({ code: error.code ?? body?.code ?? null, type: error.type ?? body?.type ?? null, message: body?.message ?? error.message }, {
      status: error.status as number | undefined,
      retryAfterMs: retryAfterMs(error.headers as Headers | undefined),
      resetsAt: resetsAtFrom(error),
      secrets,
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new AgentError({ code: 'server', message: `The OpenAI turn failed unexpectedly: ${redactSecrets(message, secrets)}`, cause: error });
}

/** An image call that ended `failed` (its own error, when the API gives one). */
export function imageErrorFromCall(error: ApiErrorBody | undefined, secrets: readonly string[]): ImageGenerationError {
  const mapped = errorFromApiBody(error, { secrets });
  if (ImageGenerationError.isInstance(mapped)) return mapped;
  const code = mapped.code === 'quota_exceeded' || mapped.code === 'rate_limited' || mapped.code === 'invalid_request' ? mapped.code : 'server';
  return new ImageGenerationError({ code, message: `The image could not be generated: ${redactSecrets(error?.message ?? 'OpenAI did not say why', secrets)}` });
}
