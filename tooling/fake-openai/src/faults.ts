// The faults that replace an answer outright (errors, hangs, resets, junk bodies), with the
// status codes and error bodies the real OpenAI API sends for each.
import { type Exchange, pause, sendError, untilClientGone } from './exchange.ts';

/** Acts out a fault that replaces the whole answer. Returns false when the scenario answers normally. */
export async function actOutFault(exchange: Exchange, streaming: boolean): Promise<boolean> {
  const { scenario } = exchange;
  switch (scenario.name) {
    case 'quota':
      sendError(exchange, 429, {
        message: 'You exceeded your current quota, please check your plan and billing details.',
        type: 'insufficient_quota',
        code: 'insufficient_quota',
        ...(scenario.resetsAt === undefined ? {} : { resets_at: scenario.resetsAt }),
      });
      return true;
    case 'usage-limit': {
      const resetsAt = scenario.resetsAt ?? Math.floor(Date.now() / 1000) + 3600;
      sendError(exchange, 429, {
        message: 'The usage limit has been reached.',
        type: 'usage_limit_reached',
        plan_type: 'plus',
        resets_at: resetsAt,
        resets_in_seconds: Math.max(0, resetsAt - Math.floor(Date.now() / 1000)),
      });
      return true;
    }
    case 'rate-limit': {
      const retryAfterMs = scenario.retryAfterMs ?? 50;
      const retryAfterSeconds = scenario.retryAfterSeconds ?? Math.ceil(retryAfterMs / 1000);
      sendError(
        exchange,
        429,
        { message: 'Rate limit reached for requests. Please try again later.', type: 'requests', code: 'rate_limit_exceeded' },
        {
          ...(scenario.retryAfterSeconds !== undefined && scenario.retryAfterMs === undefined ? {} : { 'retry-after-ms': String(retryAfterMs) }),
          'retry-after': String(retryAfterSeconds),
          'x-ratelimit-remaining-requests': '0',
        },
      );
      return true;
    }
    case 'moderation':
      sendError(exchange, 400, {
        message: 'Your request was rejected by the safety system. It may contain content that is not allowed.',
        type: 'image_generation_user_error',
        code: 'moderation_blocked',
      });
      return true;
    case 'unauthorized': {
      const authorization = exchange.request.headers.authorization ?? '';
      const key = authorization.replace(/^Bearer\s+/i, '');
      const masked = key.length > 8 ? `${key.slice(0, 3)}*****${key.slice(-4)}` : '*****';
      sendError(exchange, 401, {
        message: `Incorrect API key provided: ${masked}. You can find your API key at https://platform.openai.com/account/api-keys.`,
        type: 'invalid_request_error',
        code: 'invalid_api_key',
      });
      return true;
    }
    case 'forbidden':
      sendError(exchange, 403, {
        message: 'Your organization must be verified to use this image model.',
        type: 'invalid_request_error',
        code: 'organization_not_verified',
      });
      return true;
    case 'model-not-found': {
      const body = exchange.record.body as { model?: unknown } | undefined;
      const model = typeof body?.model === 'string' ? body.model : 'unknown';
      sendError(exchange, 404, {
        message: `The model \`${model}\` does not exist or you do not have access to it.`,
        type: 'invalid_request_error',
        code: 'model_not_found',
      });
      return true;
    }
    case 'bad-request':
      sendError(exchange, 400, { message: "Invalid value for 'size'.", type: 'invalid_request_error', param: 'size', code: 'invalid_value' });
      return true;
    case 'server-error':
      sendError(exchange, scenario.status ?? 500, { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error' });
      return true;
    case 'disconnect':
      exchange.request.socket.destroy();
      return true;
    case 'hang':
      await untilClientGone(exchange.clientGone);
      return true;
    case 'html':
      exchange.response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      exchange.response.end('<!DOCTYPE html><html><head><title>Sign in</title></head><body><h1>Please sign in</h1></body></html>');
      return true;
    case 'garbage':
      if (streaming) {
        exchange.response.writeHead(200, { 'content-type': 'text/event-stream' });
        exchange.response.end('event: image_generation.completed\ndata: {"type": "image_generation.comp\u0000\u0001 not json\n\n');
      } else {
        exchange.response.writeHead(200, { 'content-type': 'application/json' });
        exchange.response.end('{"data": [{"b64_json": \u0000\u0001\u0002 garbage');
      }
      return true;
    case 'slow':
      // Streams space their events out instead; a plain answer waits up front.
      if (!streaming) await pause(scenario.delayMs ?? 300, exchange.clientGone);
      return false;
    case 'ok':
    case 'hang-mid-stream':
    case 'disconnect-mid-stream':
    case 'stream-error':
    case 'invalid-image':
    case 'truncated-image':
    case 'empty':
    case 'exec-command':
    case 'apply-patch':
    case 'opaque-background':
    case 'wrong-size':
      return false;
    default:
      scenario.name satisfies never;
      return false;
  }
}

/**
 * Called after the first event of a stream: cuts the connection or stalls for the
 * mid-stream scenarios. Returns true when the stream must stop.
 */
export async function interruptStream(exchange: Exchange, sendError: () => Promise<void>): Promise<boolean> {
  const { name } = exchange.scenario;
  if (name === 'disconnect-mid-stream') {
    exchange.request.socket.destroy();
    return true;
  }
  if (name === 'hang-mid-stream') {
    await untilClientGone(exchange.clientGone);
    return true;
  }
  if (name === 'stream-error') {
    await sendError();
    exchange.response.end();
    return true;
  }
  return false;
}

/** Whether the scenario spoils the image bytes (so the scripted model does not claim a good picture). */
export function damagesImages(exchange: Exchange): boolean {
  return exchange.scenario.name === 'invalid-image' || exchange.scenario.name === 'truncated-image';
}

/** The image bytes as the scenario wants them sent: intact, junk, truncated. */
export function corruptImage(exchange: Exchange, base64: string): string {
  const { name } = exchange.scenario;
  if (!damagesImages(exchange)) return base64;
  if (name === 'invalid-image') return Buffer.from('this is not an image, it is a sentence').toString('base64');
  if (name === 'truncated-image') return base64.slice(0, Math.floor(base64.length / 2) + 1);
  return base64;
}

/** The size the picture is drawn at: the asked one, unless `wrong-size` ignores it (as some models do). */
export function drawnSize(exchange: Exchange, width: number, height: number): { width: number; height: number } {
  if (exchange.scenario.name !== 'wrong-size') return { width, height };
  return width === height ? { width: 1536, height: 1024 } : { width: height, height: width };
}

/** Whether the picture is see-through as asked: `opaque-background` ignores a transparent background. */
export function drawsTransparent(exchange: Exchange, asked: boolean): boolean {
  return asked && exchange.scenario.name !== 'opaque-background';
}
