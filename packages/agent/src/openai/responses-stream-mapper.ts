// Maps the Responses API stream of one turn (text deltas, the hosted `image_generation` tool's
// partial and final images, completion or failure) to core turn events. Pure: no I/O.
import { ImageGenerationError, inspectImage, type ImageGenerationEvent, type ImageMediaType } from '@forge/image-gen';

import type { AgentTurnEvent } from '../agent-backend-spec.ts';
import { decodeBase64 } from '../decode-base64.ts';
import { findMemoryProposals } from '../memory-proposals.ts';
import { errorFromApiBody, imageErrorFromCall, type ApiErrorBody } from './openai-error-mapping.ts';
import type { ReplacedEvents } from './server-sent-events.ts';

/**
 * A partial image frame the finished image is right behind (already arriving) is not worth
 * showing: the reader holds each frame until the stream pauses for `pauseMs` (or for 50 ms at
 * most while it keeps arriving), and drops it when the image's `output_item.done` carries the
 * picture meanwhile.
 */
export function replacedPartialImages(pauseMs: number): ReplacedEvents {
  return {
    replaceable: (event) => (event.type === 'response.image_generation_call.partial_image' ? asString(event.item_id) : undefined),
    replaces: (event) => {
      const item = event.type === 'response.output_item.done' ? asObject(event.item) : undefined;
      return item?.type === 'image_generation_call' && (asString(item.result) ?? '') !== '' ? asString(item.id) : undefined;
    },
    // A frame is worth showing if the picture is further off than this.
    holdMs: 50,
    pauseMs,
  };
}

export interface ResponsesStreamMapperOptions {
  imageModelId: string;
  /** What the image is of, for the `started` event (the model's own prompt is only known at the end). */
  requestText: string;
  secrets: readonly string[];
}

export interface ResponsesStreamMapper {
  handle(event: unknown): AgentTurnEvent[];
  /** The response id once known (for `previous_response_id`). */
  readonly responseId: string | undefined;
  readonly finished: boolean;
  /** Ends the stream on a thrown error (network, abort, HTTP error). */
  fail(error: AgentTurnEvent & { type: 'turn-failed' }): AgentTurnEvent[];
}

type JsonObject = Record<string, unknown>;

function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function mediaTypeOf(format: unknown): ImageMediaType {
  return format === 'jpeg' ? 'image/jpeg' : format === 'webp' ? 'image/webp' : 'image/png';
}

export function createResponsesStreamMapper(options: ResponsesStreamMapperOptions): ResponsesStreamMapper {
  const messageText = new Map<string, string>();
  const messageOrder: string[] = [];
  const images = new Map<string, { format: unknown }>();
  let responseId: string | undefined;
  let finished = false;

  const image = (callId: string, event: ImageGenerationEvent): AgentTurnEvent => ({ type: 'image', callId, event });
  const fullText = (): string => messageOrder.map((id) => messageText.get(id) ?? '').filter((text) => text !== '').join('\n\n');

  function startMessage(id: string): AgentTurnEvent[] {
    if (messageText.has(id)) return [];
    const separator: AgentTurnEvent[] = fullText() === '' ? [] : [{ type: 'text-delta', text: '\n\n' }];
    messageText.set(id, '');
    messageOrder.push(id);
    return separator;
  }

  function startImage(id: string, item: JsonObject): AgentTurnEvent[] {
    if (images.has(id)) return [];
    images.set(id, { format: item.output_format });
    return [image(id, { type: 'started', model: options.imageModelId, prompt: options.requestText })];
  }

  function finishImage(item: JsonObject): AgentTurnEvent[] {
    const id = asString(item.id) ?? '';
    const events = startImage(id, item);
    images.delete(id);
    const result = asString(item.result) ?? '';
    if (item.status === 'failed' || result === '') {
      const error = item.status === 'failed' ? imageErrorFromCall(asObject(item.error), options.secrets)
        : new ImageGenerationError({ code: 'invalid_output', message: 'OpenAI finished the image call without an image.' });
      return [...events, image(id, { type: 'failed', error })];
    }
    try {
      const bytes = decodeBase64(result);
      const info = inspectImage(bytes);
      // `revised_prompt` is optional and not typed on every SDK version: read it defensively.
      const revisedPrompt = asString(item.revised_prompt);
      const size = asString(item.size);
      const quality = asString(item.quality);
      return [
        ...events,
        image(id, {
          type: 'completed',
          bytes,
          mediaType: info.mediaType,
          width: info.width,
          height: info.height,
          model: options.imageModelId,
          warnings: [],
          ...(revisedPrompt === undefined || revisedPrompt === '' ? {} : { revisedPrompt }),
          metadata: { source: 'openai-responses', ...(size === undefined ? {} : { size }), ...(quality === undefined ? {} : { quality }) },
        }),
      ];
    } catch (error) {
      return [...events, image(id, { type: 'failed', error: ImageGenerationError.isInstance(error) ? error : new ImageGenerationError({ code: 'invalid_output', message: String(error) }) })];
    }
  }

  function failOpenImages(error: ImageGenerationError): AgentTurnEvent[] {
    const events = Array.from(images.keys(), (id) => image(id, { type: 'failed', error }));
    images.clear();
    return events;
  }

  function end(events: AgentTurnEvent[], last: AgentTurnEvent): AgentTurnEvent[] {
    finished = true;
    if (last.type === 'turn-failed') {
      const error = last.error;
      const imageError = ImageGenerationError.isInstance(error)
        ? error
        : new ImageGenerationError({ code: error.code === 'cancelled' ? 'cancelled' : 'server', message: error.code === 'cancelled' ? 'Image generation was cancelled.' : `The image was not finished: ${error.message}` });
      return [...events, ...failOpenImages(imageError), last];
    }
    return [...events, ...failOpenImages(new ImageGenerationError({ code: 'invalid_output', message: 'The response ended before the image was finished.' })), last];
  }

  function handle(raw: unknown): AgentTurnEvent[] {
    if (finished) return [];
    const event = asObject(raw) ?? {};
    switch (asString(event.type)) {
      case 'response.created':
      case 'response.in_progress':
        responseId = asString(asObject(event.response)?.id) ?? responseId;
        return [];
      case 'response.output_item.added': {
        const item = asObject(event.item) ?? {};
        if (item.type === 'message') return startMessage(asString(item.id) ?? '');
        if (item.type === 'image_generation_call') return startImage(asString(item.id) ?? '', item);
        return [];
      }
      case 'response.output_text.delta': {
        const id = asString(event.item_id) ?? '';
        const delta = asString(event.delta) ?? '';
        const events = startMessage(id);
        messageText.set(id, (messageText.get(id) ?? '') + delta);
        return delta === '' ? events : [...events, { type: 'text-delta', text: delta }];
      }
      case 'response.image_generation_call.partial_image': {
        const id = asString(event.item_id) ?? '';
        const events = startImage(id, event);
        const b64 = asString(event.partial_image_b64) ?? '';
        const index = typeof event.partial_image_index === 'number' ? event.partial_image_index : 0;
        // A partial preview is shown, never saved; it is not validated beyond decoding.
        return b64 === '' ? events : [...events, image(id, { type: 'partial', index, bytes: decodeBase64(b64), mediaType: mediaTypeOf(event.output_format ?? images.get(id)?.format) })];
      }
      case 'response.output_item.done': {
        const item = asObject(event.item) ?? {};
        if (item.type === 'image_generation_call') return finishImage(item);
        if (item.type !== 'message') return [];
        const id = asString(item.id) ?? '';
        const events = startMessage(id);
        const streamed = messageText.get(id) ?? '';
        const text = (Array.isArray(item.content) ? item.content : [])
          .map((part) => asString(asObject(part)?.text) ?? '')
          .join('');
        if (text.length > streamed.length && text.startsWith(streamed)) events.push({ type: 'text-delta', text: text.slice(streamed.length) });
        if (text !== '') messageText.set(id, text);
        for (const block of findMemoryProposals(text)) events.push({ type: 'memory-proposal', block });
        return events;
      }
      case 'response.completed':
        responseId = asString(asObject(event.response)?.id) ?? responseId;
        return end([], { type: 'turn-completed', text: fullText() });
      case 'response.incomplete': {
        const reason = asString(asObject(asObject(event.response)?.incomplete_details)?.reason) ?? 'unknown';
        return end([], { type: 'turn-failed', error: errorFromApiBody({ code: 'incomplete', message: `The response stopped early (${reason}).` }, { secrets: options.secrets }) });
      }
      case 'response.failed': {
        const body = asObject(asObject(event.response)?.error) as ApiErrorBody | undefined;
        return end([], { type: 'turn-failed', error: errorFromApiBody(body, { secrets: options.secrets }) });
      }
      case 'error':
        // The API sends `{ code, message }`; some servers nest it as `{ error: { code, message } }`.
        return end([], { type: 'turn-failed', error: errorFromApiBody(asObject(event.error) ?? event, { secrets: options.secrets }) });
      case undefined:
      default:
        return [];
    }
  }

  return {
    handle,
    fail: (failure) => (finished ? [] : end([], failure)),
    get responseId() {
      return responseId;
    },
    get finished() {
      return finished;
    },
  };
}
