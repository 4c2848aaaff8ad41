// What a person sees, and whether Forge retries, for each failure the `openai` SDK throws.
// The errors are the SDK's own classes, built the way the SDK builds them from a response
// (`APIError.generate`) or from an `error` event inside an image stream (`new APIError(undefined, …)`).
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { describe, expect, it } from 'vitest';

import { ImageGenerationError, type ImageGenerationErrorCode } from './image-generation-error.ts';
import { mapOpenAIError, type OpenAIErrorContext } from './openai-error-mapping.ts';

const apiKey = 'sk-test-forge-0123456789abcdef';
const now = Date.parse('2026-12-02T12:00:00.000Z');
const context: OpenAIErrorContext = { model: 'gpt-image-2', secrets: [apiKey] };

/** An HTTP error response, as the SDK turns it into an error (`{ error: body }` is OpenAI's envelope). */
function httpError(status: number, body?: Record<string, unknown>, headers: Record<string, string> = {}): APIError {
  return APIError.generate(status, body === undefined ? undefined : { error: body }, undefined, new Headers({ 'x-request-id': 'req_123', ...headers }));
}

/** An `error` event inside a stream: no status, the event's error object as the body. */
function streamError(body: Record<string, unknown>): APIError {
  return new APIError(undefined, body, undefined, new Headers());
}

function map(error: unknown, extra: Partial<OpenAIErrorContext> = {}): ImageGenerationError {
  return mapOpenAIError(error, { ...context, ...extra }, now);
}

interface Row {
  error: unknown;
  context?: Partial<OpenAIErrorContext>;
  code: ImageGenerationErrorCode;
  retryable: boolean;
  /** The part of the message that tells the person what happened or what to do. */
  message: RegExp;
}

const rows: Record<string, Row> = {
  '400 invalid value, quoting the server': {
    error: httpError(400, { message: 'Invalid value for size.', code: 'invalid_value' }),
    code: 'invalid_request',
    retryable: false,
    message: /^OpenAI rejected the image request\. The server said: "Invalid value for size\."$/,
  },
  '413 body too large': { error: httpError(413, { message: 'Request too large.' }), code: 'invalid_request', retryable: false, message: /rejected.*"Request too large\."/ },
  '422 unprocessable': { error: httpError(422, { message: 'Bad mask.' }), code: 'invalid_request', retryable: false, message: /rejected.*"Bad mask\."/ },
  '400 moderation_blocked': { error: httpError(400, { code: 'moderation_blocked', message: 'blocked' }), code: 'content_policy', retryable: false, message: /safety system.*Rephrase/ },
  '400 content_policy_violation': { error: httpError(400, { code: 'content_policy_violation' }), code: 'content_policy', retryable: false, message: /safety system/ },
  // `image_generation_user_error` is the type of every refused image request, not only moderation.
  '400 image_generation_user_error for an unknown model (openai/codex#25969)': {
    error: httpError(400, { type: 'image_generation_user_error', code: 'invalid_value', message: "The model 'gpt-image-2' does not exist.", param: 'tools' }),
    code: 'model_unavailable',
    retryable: false,
    message: /"gpt-image-2" is not available.*Settings → Account/,
  },
  '400 image_generation_user_error for a bad size': {
    error: httpError(400, { type: 'image_generation_user_error', code: 'invalid_value', message: "Invalid size '1000x100' for model gpt-image-2." }),
    code: 'invalid_request',
    retryable: false,
    message: /^OpenAI rejected the image request\. The server said: "Invalid size '1000x100' for model gpt-image-2\."$/,
  },
  '429 insufficient_quota code': { error: httpError(429, { code: 'insufficient_quota' }), code: 'quota_exceeded', retryable: false, message: /quota is used up\. Check the plan and billing/ },
  '429 insufficient_quota type': { error: httpError(429, { type: 'insufficient_quota' }), code: 'quota_exceeded', retryable: false, message: /quota is used up/ },
  '429 usage_limit_reached type (ChatGPT plan)': { error: httpError(429, { type: 'usage_limit_reached' }), code: 'quota_exceeded', retryable: false, message: /quota is used up/ },
  '429 usage_limit_reached code': { error: httpError(429, { code: 'usage_limit_reached' }), code: 'quota_exceeded', retryable: false, message: /quota is used up/ },
  '429 rate limit without a hint': { error: httpError(429, { code: 'rate_limit_exceeded' }), code: 'rate_limited', retryable: true, message: /rate limiting.*Wait a little and try again\.$/ },
  '401 bad key': { error: httpError(401, { message: `Incorrect API key provided: ${apiKey}` }), code: 'authentication', retryable: false, message: /API key \(401\).*Settings → Account/ },
  '403 not allowed, naming the model': { error: httpError(403, { message: 'Organization must be verified.' }), code: 'permission', retryable: false, message: /model "gpt-image-2" \(403\)\. The server said: "Organization must be verified\."/ },
  '404 model_not_found': { error: httpError(404, { code: 'model_not_found' }), code: 'model_unavailable', retryable: false, message: /"gpt-image-2" is not available.*Settings → Account/ },
  '404 naming a model in its message': { error: httpError(404, { message: 'The model `gpt-image-9` does not exist.' }), code: 'model_unavailable', retryable: false, message: /not available/ },
  '404 "Unknown model" from a compatible server': { error: httpError(404, { message: 'Unknown model: gpt-image-9' }), code: 'model_unavailable', retryable: false, message: /not available/ },
  '404 elsewhere: a wrong base URL': { error: httpError(404, { message: 'Not found.' }), code: 'invalid_request', retryable: false, message: /endpoint was not found \(404\).*base URL/ },
  '404 without a body': { error: httpError(404), code: 'invalid_request', retryable: false, message: /base URL/ },
  '408 server timeout': { error: httpError(408), code: 'timeout', retryable: true, message: /timed out/ },
  '500': { error: httpError(500), code: 'server', retryable: true, message: /server error \(500\).*Try again/ },
  '503': { error: httpError(503, { message: 'overloaded' }), code: 'server', retryable: true, message: /server error \(503\)/ },
  '500 from a proxy whose error is null': { error: APIError.generate(500, { error: null }, undefined, new Headers()), code: 'server', retryable: true, message: /server error \(500\)/ },
  '409, a status with no case of its own': { error: httpError(409, { message: 'Conflict.' }), code: 'invalid_request', retryable: false, message: /rejected the image request \(409\)\. The server said: "Conflict\."/ },
  '499, just under the server range': { error: httpError(499), code: 'invalid_request', retryable: false, message: /\(499\)\.$/ },
  'stream error event': {
    error: streamError({ type: 'server_error', message: 'Image generation failed.' }),
    code: 'server',
    retryable: true,
    message: /^The image stream failed on the server\. The server said: "Image generation failed\." Try again\.$/,
  },
  'stream error event without a message': { error: streamError({ type: 'server_error' }), code: 'server', retryable: true, message: /^The image stream failed on the server\. Try again\.$/ },
  'stream error event for an unknown model (no retry)': {
    error: streamError({ type: 'image_generation_user_error', code: 'invalid_value', message: "The model 'gpt-image-1.5' does not exist." }),
    code: 'model_unavailable',
    retryable: false,
    message: /not available/,
  },
  'stream error event from moderation (no retry)': { error: streamError({ code: 'moderation_blocked', message: 'x' }), code: 'content_policy', retryable: false, message: /safety system/ },
  'our own deadline': { error: new APIUserAbortError(), context: { timedOut: true, timeoutMs: 90_000 }, code: 'timeout', retryable: true, message: /^The image request timed out after 90 s\. Try again, or raise the timeout\.$/ },
  'our own deadline, length unknown': { error: new Error('aborted'), context: { timedOut: true }, code: 'timeout', retryable: true, message: /^The image request timed out\. Try again/ },
  "the SDK's timeout": { error: new APIConnectionTimeoutError(), code: 'timeout', retryable: true, message: /timed out/ },
  'the user cancelled': { error: new APIUserAbortError(), code: 'cancelled', retryable: false, message: /^Image generation was cancelled\.$/ },
  'the user cancelled while a 500 came back': { error: httpError(500), context: { cancelled: true }, code: 'cancelled', retryable: false, message: /cancelled/ },
  'connection refused': {
    error: new APIConnectionError({ cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }) }),
    code: 'network',
    retryable: true,
    message: /Could not reach the image service.*Check the network connection/,
  },
  'a connection error the SDK could not explain': { error: new APIConnectionError({ cause: new Error('something went wrong') }), code: 'network', retryable: true, message: /Could not reach/ },
  'fetch failing with no cause': { error: new TypeError('fetch failed'), code: 'network', retryable: true, message: /Could not reach/ },
  'a closed socket': { error: new TypeError('other side closed the Socket'), code: 'network', retryable: true, message: /Could not reach/ },
  'a lost network': { error: new TypeError('Network connection was lost.'), code: 'network', retryable: true, message: /Could not reach/ },
  'a reset socket outside the SDK': { error: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), code: 'network', retryable: true, message: /Could not reach/ },
  'undici cutting a stream ("terminated")': { error: new TypeError('terminated'), code: 'network', retryable: true, message: /Could not reach/ },
  'a socket error two causes down': {
    error: new Error('stream read failed', { cause: new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) }) }),
    code: 'network',
    retryable: true,
    message: /Could not reach/,
  },
  'a junk (non-JSON) body': { error: new SyntaxError('Unexpected token < in JSON at position 0'), code: 'invalid_output', retryable: false, message: /not valid JSON.*base URL/ },
  'a bug of ours (a TypeError that is not a network failure)': {
    error: new TypeError("Cannot read properties of undefined (reading 'b64_json')"),
    code: 'server',
    retryable: true,
    message: /^Image generation failed unexpectedly: Cannot read properties of undefined \(reading 'b64_json'\)$/,
  },
  'an error code that is not a network one': { error: Object.assign(new TypeError('Invalid URL'), { code: 'ERR_INVALID_URL' }), code: 'server', retryable: true, message: /unexpectedly: Invalid URL$/ },
  'an error code that is not a string': { error: Object.assign(new Error('odd'), { code: 104 }), code: 'server', retryable: true, message: /unexpectedly: odd$/ },
  'a thrown string': { error: 'disk exploded', code: 'server', retryable: true, message: /unexpectedly: disk exploded$/ },
  'a thrown undefined': { error: undefined, code: 'server', retryable: true, message: /unexpectedly: undefined$/ },
  'a thrown null': { error: null, code: 'server', retryable: true, message: /unexpectedly: null$/ },
};

describe('mapOpenAIError: one code, retry decision and message per failure', () => {
  it.each(Object.entries(rows))('%s', (_name, row) => {
    const error = map(row.error, row.context);
    expect(ImageGenerationError.isInstance(error)).toBe(true);
    expect({ code: error.code, retryable: error.retryable }).toEqual({ code: row.code, retryable: row.retryable });
    expect(error.message).toMatch(row.message);
    expect(error.cause).toBe(row.error);
  });

  it('keeps the status and request id of an HTTP error for the person reporting it', () => {
    for (const status of [400, 401, 403, 404, 429, 500]) {
      expect(map(httpError(status)), String(status)).toMatchObject({ status, requestId: 'req_123' });
    }
  });

  it('shows no request id when the server sent none', () => {
    const error = map(streamError({ message: 'failed' }));
    expect(error.requestId).toBeUndefined();
    expect(error.status).toBeUndefined();
    expect(error.toJSON()).not.toHaveProperty('requestId');
  });

  it('passes an ImageGenerationError through unchanged (a bad image stays invalid_output)', () => {
    const original = new ImageGenerationError({ code: 'invalid_output', message: 'The image the model returned is unusable.' });
    expect(map(original)).toBe(original);
    expect(map(original, { timedOut: true, cancelled: true })).toBe(original);
  });

  it('stops following causes that loop back on themselves', () => {
    const looped = new Error('loop');
    (looped as { cause?: unknown }).cause = looped;
    expect(map(looped).code).toBe('server');
  });
});

describe('mapOpenAIError: secrets in server text', () => {
  it.each([
    ['a key shaped like an OpenAI key', 400, `Incorrect API key provided: ${apiKey}.`],
    ['the configured key', 403, `Key ${apiKey} lacks access.`],
    ['a configured secret of any shape', 400, 'Proxy rejected hunter2-proxy for this route.'],
  ])('redacts %s quoted from a %i', (_name, status, serverMessage) => {
    const error = map(httpError(status, { message: serverMessage }), { secrets: [apiKey, 'hunter2-proxy'] });
    expect(error.message).toContain('[redacted]');
    expect(`${error.message} ${JSON.stringify(error)}`).not.toMatch(/sk-test|hunter2/);
  });

  it('redacts secrets in the detail of an unexpected failure', () => {
    const error = map(new Error('request to https://proxy.example/?key=hunter2-proxy failed'), { secrets: ['hunter2-proxy'] });
    expect(error.message).toBe('Image generation failed unexpectedly: request to https://proxy.example/?key=[redacted] failed');
  });

  it.each([
    ['blank', '   '],
    ['not text', { detail: 'nested' }],
  ])('quotes nothing when the server message is %s', (_name, message) => {
    expect(map(httpError(400, { message })).message).toBe('OpenAI rejected the image request.');
  });

  it('quotes the server message without its surrounding whitespace', () => {
    expect(map(httpError(400, { message: '  Invalid size.\n' })).message).toBe('OpenAI rejected the image request. The server said: "Invalid size."');
  });
});

describe('mapOpenAIError: when a spent quota comes back', () => {
  const quota = (body: Record<string, unknown>) => map(httpError(429, { type: 'usage_limit_reached', ...body }));
  const inTwoHours = now / 1000 + 7200;

  it.each([
    ['resets_at in Unix seconds', { resets_at: inTwoHours }, '2026-12-02T14:00:00.000Z'],
    ['resets_at as a date string', { resets_at: '2026-12-03T00:00:00Z' }, '2026-12-03T00:00:00.000Z'],
    ['resets_in_seconds', { resets_in_seconds: 90 }, '2026-12-02T12:01:30.000Z'],
    ['resets_in_seconds of 0 (now)', { resets_in_seconds: 0 }, '2026-12-02T12:00:00.000Z'],
    ['resets_at ahead of resets_in_seconds', { resets_at: inTwoHours, resets_in_seconds: 5 }, '2026-12-02T14:00:00.000Z'],
    ['resets_in_seconds when resets_at is not a date', { resets_at: 'soon', resets_in_seconds: 60 }, '2026-12-02T12:01:00.000Z'],
  ])('reads %s', (_name, body, iso) => {
    const error = quota(body);
    expect(error.resetsAt?.toISOString()).toBe(iso);
    expect(error.message).toBe(`The account's image quota is used up. It resets at ${iso}.`);
    expect(error.toJSON().resetsAt).toBe(iso);
  });

  it.each([
    ['no reset time', {}],
    ['a resets_at of 0', { resets_at: 0 }],
    ['a negative resets_in_seconds', { resets_in_seconds: -5 }],
    ['a resets_at that is not a date', { resets_at: 'soon' }],
    ['times that are not numbers', { resets_at: true, resets_in_seconds: '60' }],
  ])('says to check the plan when there is %s', (_name, body) => {
    const error = quota(body);
    expect(error.resetsAt).toBeUndefined();
    expect(error.message).toMatch(/Check the plan and billing details/);
  });
});

describe('mapOpenAIError: how long a rate limit asks to wait', () => {
  it.each([
    [{ 'retry-after-ms': '400' }, 400, 'Try again in a moment.'],
    [{ 'retry-after-ms': '999' }, 999, 'Try again in a moment.'],
    [{ 'retry-after': '1' }, 1_000, 'Try again in 1 s.'],
    [{ 'retry-after': '1.5' }, 1_500, 'Try again in 2 s.'],
    [{ 'retry-after': '119' }, 119_000, 'Try again in 119 s.'],
    [{ 'retry-after': '120' }, 120_000, 'Try again in 2 min.'],
    [{ 'retry-after': '150' }, 150_000, 'Try again in 3 min.'],
    [{ 'retry-after': new Date(now + 30_000).toUTCString() }, 30_000, 'Try again in 30 s.'],
  ])('%o waits %i ms: "%s"', (headers, retryAfterMs, advice) => {
    const error = map(httpError(429, { code: 'rate_limit_exceeded' }, headers));
    expect(error).toMatchObject({ code: 'rate_limited', retryAfterMs });
    expect(error.message).toBe(`OpenAI is rate limiting image requests. ${advice}`);
    expect(error.toJSON().retryAfterMs).toBe(retryAfterMs);
  });

  it('leaves the wait to backoff when the server gives none', () => {
    const error = map(httpError(429, { code: 'rate_limit_exceeded' }));
    expect(error.retryAfterMs).toBeUndefined();
    expect(error.toJSON()).not.toHaveProperty('retryAfterMs');
  });
});
