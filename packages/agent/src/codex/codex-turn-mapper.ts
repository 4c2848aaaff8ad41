// Maps the notifications of one Codex turn to core turn events. Pure (no I/O): the backend
// feeds it the notifications for its turn and yields what comes out. Image bytes come from the
// item's `result` (Codex's own saved copy may be missing); failures become core error codes.
import { ImageGenerationError, inspectImage, type ImageGenerationEvent } from '@forge/image-gen';

import type { AgentTurnEvent } from '../agent-backend-spec.ts';
import { AgentError } from '../agent-error.ts';
import { decodeBase64 } from '../decode-base64.ts';
import { findMemoryProposals } from '../memory-proposals.ts';
import { agentErrorFromTurnError, imageErrorFromAgentError, imageErrorFromToolOutput } from './codex-error-mapping.ts';
import type { TurnError } from './protocol/v2/TurnError.ts';

/** The image model Codex 0.169.0 always uses: the binary hard-codes it, and no config key selects another. */
export const codexImageModelId = 'gpt-image-2';

export interface CodexTurnMapperOptions {
  imageModelId?: string;
  /** When a spent plan quota comes back, from the latest rate-limit snapshot. */
  quotaResetsAt?: () => Date | undefined;
  /** Called with each image Codex saved under CODEX_HOME/generated_images, so the host can release it later. */
  onCodexCopy?: (callId: string, savedPath: string) => void;
}

export interface CodexTurnMapper {
  /** Feeds one notification that belongs to this turn; returns the events it produces. */
  handle(method: string, params: unknown): AgentTurnEvent[];
  /** Ends the turn with an error from outside the stream (crash, protocol failure, cancel). */
  fail(error: AgentError): AgentTurnEvent[];
  readonly finished: boolean;
}

type JsonObject = Record<string, unknown>;

function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function toolOutputText(output: unknown): string | undefined {
  if (typeof output === 'string') return output;
  if (Array.isArray(output)) {
    return output
      .map((part) => asString(asObject(part)?.text))
      .filter((text): text is string => text !== undefined)
      .join('\n');
  }
  const body = asObject(output);
  return body === undefined ? undefined : toolOutputText(body.content ?? body.body);
}

/** The reconnect Codex announces as "Reconnecting... 2/5 (stream disconnected …)". */
function reconnecting(message: string | undefined): AgentTurnEvent {
  const match = /(\d+)\s*\/\s*(\d+)/.exec(message ?? '');
  const attempt = Number(match?.[1]);
  const maxAttempts = Number(match?.[2]);
  return Number.isInteger(attempt) && Number.isInteger(maxAttempts) && attempt > 0 && maxAttempts >= attempt ? { type: 'reconnecting', attempt, maxAttempts } : { type: 'reconnecting' };
}

export function createCodexTurnMapper(options: CodexTurnMapperOptions = {}): CodexTurnMapper {
  const imageModelId = options.imageModelId ?? codexImageModelId;
  const messages = new Map<string, { streamed: string; text: string }>();
  const messageOrder: string[] = [];
  /** Prompts from the model's `imagegen` function calls, by call id (they arrive before the item). */
  const prompts = new Map<string, string>();
  /** Images started and not yet completed or failed. */
  const inFlight = new Set<string>();
  /** Failed images whose reason arrives a moment later as the tool output. */
  const pendingFailures = new Map<string, ImageGenerationError>();
  let lastError: TurnError | undefined;
  let finished = false;

  const image = (callId: string, event: ImageGenerationEvent): AgentTurnEvent => ({ type: 'image', callId, event });

  function flushPendingFailures(): AgentTurnEvent[] {
    const events = Array.from(pendingFailures, ([callId, error]) => image(callId, { type: 'failed', error }));
    pendingFailures.clear();
    return events;
  }

  function failInFlight(error: ImageGenerationError): AgentTurnEvent[] {
    const events = Array.from(inFlight, (callId) => image(callId, { type: 'failed', error }));
    inFlight.clear();
    return events;
  }

  function fullText(): string {
    return messageOrder.map((id) => messages.get(id)?.text ?? '').filter((text) => text !== '').join('\n\n');
  }

  function startMessage(id: string): AgentTurnEvent[] {
    if (messages.has(id)) return [];
    const separator = fullText() === '' ? [] : [{ type: 'text-delta', text: '\n\n' } as const];
    messages.set(id, { streamed: '', text: '' });
    messageOrder.push(id);
    return separator;
  }

  function imageStarted(item: JsonObject): AgentTurnEvent[] {
    const callId = asString(item.id);
    if (callId === undefined || inFlight.has(callId)) return [];
    inFlight.add(callId);
    const prompt = prompts.get(callId) ?? asString(item.revisedPrompt) ?? '';
    return [image(callId, { type: 'started', model: imageModelId, prompt })];
  }

  function imageCompleted(item: JsonObject): AgentTurnEvent[] {
    const callId = asString(item.id);
    if (callId === undefined) return [];
    const events = inFlight.has(callId) ? [] : imageStarted(item);
    inFlight.delete(callId);
    const status = asString(item.status);
    const result = asString(item.result) ?? '';
    if (status === 'completed' && result !== '') {
      const savedPath = asString(item.savedPath);
      if (savedPath !== undefined) options.onCodexCopy?.(callId, savedPath);
      try {
        const bytes = decodeBase64(result);
        const info = inspectImage(bytes);
        const revisedPrompt = asString(item.revisedPrompt) ?? prompts.get(callId);
        const transparent = item.transparentBackground;
        events.push(
          image(callId, {
            type: 'completed',
            bytes,
            mediaType: info.mediaType,
            width: info.width,
            height: info.height,
            model: imageModelId,
            warnings: [],
            ...(revisedPrompt === undefined ? {} : { revisedPrompt }),
            metadata: {
              source: 'codex',
              ...(savedPath === undefined ? {} : { codexSavedPath: savedPath }),
              ...(typeof transparent === 'boolean' ? { transparentBackground: transparent } : {}),
            },
          }),
        );
      } catch (error) {
        events.push(image(callId, { type: 'failed', error: ImageGenerationError.isInstance(error) ? error : imageErrorFromToolOutput(String(error)) }));
      }
      return events;
    }
    const failure = asObject(item.failure);
    if (asString(failure?.type) === 'usageLimitExceeded') {
      const resetsAtSeconds = failure?.resetsAt;
      const resetsAt = typeof resetsAtSeconds === 'number' ? new Date(resetsAtSeconds * 1000) : options.quotaResetsAt?.();
      const error = new ImageGenerationError({
        code: 'quota_exceeded',
        message: `Your ChatGPT plan's image quota is used up. ${resetsAt === undefined ? 'Try again later.' : `It resets at ${resetsAt.toISOString()}.`}`,
        ...(resetsAt === undefined ? {} : { resetsAt }),
      });
      events.push(image(callId, { type: 'failed', error }));
      return events;
    }
    if (status === 'completed') {
      events.push(image(callId, { type: 'failed', error: new ImageGenerationError({ code: 'invalid_output', message: 'Codex finished the image without returning its bytes.' }) }));
      return events;
    }
    // The reason (e.g. an HTTP 429 from the image API) follows as the tool output sent to the model.
    pendingFailures.set(callId, imageErrorFromToolOutput(undefined));
    return events;
  }

  function rawItem(item: JsonObject): AgentTurnEvent[] {
    const type = asString(item.type);
    const callId = asString(item.call_id);
    if (callId === undefined) return [];
    if (type === 'function_call' && asString(item.name) === 'imagegen') {
      try {
        const prompt = asString(asObject(JSON.parse(asString(item.arguments) ?? '{}'))?.prompt);
        if (prompt !== undefined) prompts.set(callId, prompt);
      } catch {
        // Unparseable arguments: the item's revisedPrompt still carries the prompt.
      }
      return [];
    }
    if (type === 'function_call_output' && pendingFailures.has(callId)) {
      pendingFailures.delete(callId);
      return [image(callId, { type: 'failed', error: imageErrorFromToolOutput(toolOutputText(item.output)) })];
    }
    return [];
  }

  function end(events: AgentTurnEvent[], last: AgentTurnEvent): AgentTurnEvent[] {
    finished = true;
    return [...events, last];
  }

  function handle(method: string, params: unknown): AgentTurnEvent[] {
    if (finished) return [];
    const body = asObject(params) ?? {};
    switch (method) {
      case 'item/agentMessage/delta': {
        const itemId = asString(body.itemId) ?? '';
        const delta = asString(body.delta) ?? '';
        const events = startMessage(itemId);
        const message = messages.get(itemId);
        if (message !== undefined && delta !== '') {
          message.streamed += delta;
          events.push({ type: 'text-delta', text: delta });
        }
        return events;
      }
      case 'item/started': {
        const item = asObject(body.item) ?? {};
        const events = flushPendingFailures();
        if (item.type === 'imageGeneration') events.push(...imageStarted(item));
        if (item.type === 'agentMessage') events.push(...startMessage(asString(item.id) ?? ''));
        return events;
      }
      case 'item/completed': {
        const item = asObject(body.item) ?? {};
        if (item.type === 'imageGeneration') return imageCompleted(item);
        if (item.type !== 'agentMessage') return [];
        const id = asString(item.id) ?? '';
        const events = startMessage(id);
        const message = messages.get(id);
        const text = asString(item.text) ?? message?.streamed ?? '';
        if (message !== undefined) {
          // Deltas may be missing or cut short: make the streamed text match the final text.
          if (text.startsWith(message.streamed) && text.length > message.streamed.length) {
            events.push({ type: 'text-delta', text: text.slice(message.streamed.length) });
          }
          message.text = text;
        }
        for (const block of findMemoryProposals(text)) events.push({ type: 'memory-proposal', block });
        return events;
      }
      case 'rawResponseItem/completed':
        return rawItem(asObject(body.item) ?? {});
      case 'error': {
        const error = asObject(body.error);
        if (body.willRetry === true) return [reconnecting(asString(error?.message))];
        if (error !== undefined) lastError = error as unknown as TurnError;
        return [];
      }
      case 'turn/completed': {
        const turn = asObject(body.turn) ?? {};
        const events = flushPendingFailures();
        const status = asString(turn.status);
        if (status === 'completed') {
          events.push(...failInFlight(new ImageGenerationError({ code: 'invalid_output', message: 'Codex ended the turn before the image was finished.' })));
          return end(events, { type: 'turn-completed', text: fullText() });
        }
        const error =
          status === 'interrupted'
            ? new AgentError({ code: 'cancelled', message: 'The turn was cancelled.' })
            : agentErrorFromTurnError((asObject(turn.error) as TurnError | undefined) ?? lastError, { quotaResetsAt: options.quotaResetsAt?.() });
        events.push(...failInFlight(imageErrorFromAgentError(error)));
        return end(events, { type: 'turn-failed', error });
      }
      default:
        return [];
    }
  }

  return {
    handle,
    fail(error) {
      if (finished) return [];
      return end([...flushPendingFailures(), ...failInFlight(imageErrorFromAgentError(error))], { type: 'turn-failed', error });
    },
    get finished() {
      return finished;
    },
  };
}
