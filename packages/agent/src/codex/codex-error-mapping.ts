// Turns what Codex reports (`error` notifications, failed turns, failed image items and the
// tool output that explains them) into the core's error codes, with messages a person can act on.
import { ImageGenerationError, type ImageGenerationErrorCode, redactSecrets } from '@forge/image-gen';

import { AgentError, type AgentErrorCode } from '../agent-error.ts';
import type { CodexErrorInfo } from './protocol/v2/CodexErrorInfo.ts';
import type { TurnError } from './protocol/v2/TurnError.ts';

function infoName(info: CodexErrorInfo | null | undefined): { name: string; httpStatus?: number } {
  if (info === null || info === undefined) return { name: 'other' };
  if (typeof info === 'string') return { name: info };
  const [name] = Object.keys(info);
  if (name === undefined) return { name: 'other' };
  const detail = (info as Record<string, unknown>)[name];
  const status = typeof detail === 'object' && detail !== null ? (detail as { httpStatusCode?: unknown }).httpStatusCode : undefined;
  return typeof status === 'number' ? { name, httpStatus: status } : { name };
}

/** The reset time when known; otherwise Codex's own words, which usually say when to try again. */
function formatReset(resetsAt: Date | undefined, detail: string): string {
  return resetsAt === undefined ? `Codex says: ${detail}` : `It resets at ${resetsAt.toISOString()}.`;
}

export interface TurnErrorContext {
  /** When the spent plan quota comes back, from the latest rate-limit snapshot. */
  quotaResetsAt?: Date | undefined;
}

/** The AgentError for a failed turn (or a non-retried `error` notification). */
export function agentErrorFromTurnError(error: TurnError | null | undefined, context: TurnErrorContext = {}): AgentError {
  const detail = redactSecrets(error?.message ?? 'Codex did not say why.');
  const { name, httpStatus } = infoName(error?.codexErrorInfo);
  const make = (code: AgentErrorCode, message: string, extra: { resetsAt?: Date; retryable?: boolean } = {}): AgentError =>
    new AgentError({ code, message, cause: error, ...extra });
  switch (name) {
    case 'usageLimitExceeded':
    case 'sessionBudgetExceeded':
      return make('quota_exceeded', `Your ChatGPT plan's Codex usage limit is used up. ${formatReset(context.quotaResetsAt, detail)}`, {
        ...(context.quotaResetsAt === undefined ? {} : { resetsAt: context.quotaResetsAt }),
        retryable: false,
      });
    case 'rateLimitExceeded':
      return make('rate_limited', `Codex is rate limited right now; wait a moment and send the message again. (${detail})`);
    case 'unauthorized':
      return make('signed_out', 'Codex is signed out or its sign-in expired: sign in to ChatGPT again in Settings → Account.', { retryable: false });
    case 'httpConnectionFailed':
    case 'responseStreamConnectionFailed':
    case 'responseStreamDisconnected':
    case 'responseTooManyFailedAttempts':
      return make('network', `Codex could not reach the model${httpStatus === undefined ? '' : ` (HTTP ${httpStatus})`}; check the connection and try again. (${detail})`);
    case 'serverOverloaded':
    case 'flexUnavailable':
    case 'policyCapacityUnavailable':
    case 'internalServerError':
      return make('server', `The model service had a problem; try again shortly. (${detail})`);
    case 'contextWindowExceeded':
      return make('invalid_request', 'This conversation is too long for the model; start a new chat.', { retryable: false });
    case 'badRequest':
    case 'modelNotFound':
    case 'cyberPolicy':
    case 'misalignmentPolicyViolation':
    case 'inferenceHookDenied':
    case 'tooManyDenials':
      return make('invalid_request', `Codex refused the request: ${detail}`, { retryable: false });
    default:
      return make('server', `Codex failed: ${detail}`);
  }
}

const agentToImageCode: Record<AgentErrorCode, ImageGenerationErrorCode> = {
  signed_out: 'authentication',
  quota_exceeded: 'quota_exceeded',
  rate_limited: 'rate_limited',
  network: 'network',
  backend_crashed: 'server',
  codex_missing: 'server',
  protocol: 'server',
  cancelled: 'cancelled',
  invalid_request: 'invalid_request',
  server: 'server',
  timeout: 'timeout',
};

/** The image-side view of a turn failure, for an image that was in flight when the turn ended. */
export function imageErrorFromAgentError(error: AgentError): ImageGenerationError {
  return new ImageGenerationError({
    code: agentToImageCode[error.code],
    message: error.code === 'cancelled' ? 'Image generation was cancelled.' : `The image was not finished: ${error.message}`,
    ...(error.resetsAt === undefined ? {} : { resetsAt: error.resetsAt }),
    cause: error,
  });
}

function bodyText(output: string): string {
  // Codex formats it as `image generation failed: http 429 Too Many Requests: Some("{...}")`.
  const quoted = /Some\("(.*)"\)\s*$/s.exec(output);
  if (quoted?.[1] === undefined) return output;
  try {
    return JSON.parse(`"${quoted[1]}"`) as string;
  } catch {
    return quoted[1];
  }
}

function apiErrorMessage(body: string): { message?: string; code?: string; type?: string } {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown; code?: unknown; type?: unknown } };
    const error = parsed.error ?? {};
    return {
      ...(typeof error.message === 'string' ? { message: error.message } : {}),
      ...(typeof error.code === 'string' ? { code: error.code } : {}),
      ...(typeof error.type === 'string' ? { type: error.type } : {}),
    };
  } catch {
    return {};
  }
}

/** The ImageGenerationError for a failed `imageGeneration` item, from the tool output Codex sent the model. */
export function imageErrorFromToolOutput(output: string | undefined): ImageGenerationError {
  if (output === undefined || output.trim() === '') {
    return new ImageGenerationError({ code: 'server', message: 'The image could not be generated (Codex did not say why).' });
  }
  const text = redactSecrets(output);
  const status = /\bhttp (\d{3})\b/i.exec(text)?.[1];
  const body = apiErrorMessage(bodyText(text));
  const reason = body.message ?? text.slice(0, 300);
  const kind = `${body.code ?? ''} ${body.type ?? ''} ${reason}`.toLowerCase();
  const make = (code: ImageGenerationErrorCode, message: string): ImageGenerationError =>
    new ImageGenerationError({ code, message, ...(status === undefined ? {} : { status: Number(status) }) });
  if (status === '429') {
    return /quota|usage.?limit|billing/.test(kind)
      ? make('quota_exceeded', `The image quota is used up: ${reason}`)
      : make('rate_limited', `Image generation is rate limited; wait a moment and ask again. (${reason})`);
  }
  if (/moderation|content.?policy|safety/.test(kind)) return make('content_policy', `The image was blocked by the content policy; edit the request and retry. (${reason})`);
  if (status === '401') return make('authentication', `The image service rejected the sign-in: ${reason}`);
  if (status === '403') return make('permission', `This account may not use the image model: ${reason}`);
  if (status === '400' || status === '422') return make('invalid_request', `The image request was invalid: ${reason}`);
  if (status === '404') return make('model_unavailable', `The image model is not available: ${reason}`);
  if (status !== undefined && status.startsWith('5')) return make('server', `The image service failed (HTTP ${status}); try again. (${reason})`);
  if (/timed? ?out|timeout/.test(kind)) return make('timeout', `Image generation timed out; try again. (${reason})`);
  if (/connect|network|dns|refused|reset/.test(kind)) return make('network', `Could not reach the image service; check the connection. (${reason})`);
  return make('server', `The image could not be generated: ${reason}`);
}
