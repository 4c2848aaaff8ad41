// The OpenAI backend: chat turns on the Responses API with an API key. The model decides when
// to call the built-in `image_generation` tool; text and partial images stream as they come;
// the conversation continues through `previous_response_id`, or from the host's history after a restart.
import OpenAI from 'openai';

import type { AgentAccount, AgentBackendV1, AgentTurnEvent, RunTurnOptions } from '../agent-backend-spec.ts';
import { AgentError } from '../agent-error.ts';
import type { ImageOutputFormat, ImageQuality, ImageSize } from '@forge/image-gen';
import { errorFromOpenAIFailure } from './openai-error-mapping.ts';
import { chatModelsOf, defaultChatModel, imageModelsOf } from './openai-models.ts';
import { createResponsesStreamMapper, replacedPartialImages } from './responses-stream-mapper.ts';
import { readServerSentEvents } from './server-sent-events.ts';
import { toolOptions, userContent, type ResponseInputItem } from './responses-input.ts';

export const defaultOpenAIImageModel = 'gpt-image-2';
const defaultPartialFramePauseMs = 5;
const knownImageModels = ['gpt-image-2', 'gpt-image-1.5', 'gpt-image-1', 'gpt-image-1-mini'];

export interface OpenAIImageToolOptions {
  size?: ImageSize;
  quality?: ImageQuality;
  outputFormat?: ImageOutputFormat;
  /** Progressive previews streamed per image (0–3, default 2). */
  partialImages?: number;
  background?: 'auto' | 'opaque' | 'transparent';
  /**
   * How long a partial frame waits for more of the stream (ms, default 5): a finished image that
   * comes meanwhile replaces it unseen (the frame would be drawn only to be replaced). 0 shows every frame.
   */
  partialFramePauseMs?: number;
}

export interface OpenAIBackendOptions {
  apiKey: string;
  /** e.g. the fake server's URL (ends with `/v1`). */
  baseURL?: string;
  /** The chat model; default: one the server lists (see `defaultChatModel`). */
  model?: string;
  /** The model ids the key can see, when the host already listed them (the key check); else listed on first use. */
  models?: readonly string[];
  /** The image model when the turn does not pick one (default `gpt-image-2`). */
  imageModel?: string;
  image?: OpenAIImageToolOptions;
  /** System instructions for the agent. */
  instructions?: string;
  /** Inject a client (tests, proxies); otherwise one is built from apiKey/baseURL/fetch. */
  client?: OpenAI;
  fetch?: typeof fetch;
  /** Retries of the OpenAI client on connection errors and 429/5xx before a turn fails (default 0: the user sees it). */
  maxRetries?: number;
  /**
   * How long a request may wait for the server to start answering (ms, default two minutes, not the
   * SDK's ten). A stream that stalls after that is the host's stall watchdog's to end (`onActivity`).
   */
  requestTimeoutMs?: number;
}

export interface OpenAIBackend extends AgentBackendV1 {
  readonly id: 'openai';
  /** The chat model for the turns that start from now on; undefined: the default from the model list. */
  setChatModel(model: string | undefined): void;
}

const defaultInstructions =
  'You are Forge, a creative assistant inside a project workspace. When a picture would help the user (concept art, UI mock-ups, icons, sprite references, diagrams), generate it with the image_generation tool; otherwise answer in text.';

/** Ask mode offers no tool; this tells the model so, and what to say when asked for a picture. */
const askModeInstructions =
  'Forge is in Ask mode for this turn: answer in text only, you cannot generate images. If the user asks for an image, say that Ask mode only answers and that switching to Agent mode lets you draw it.';

export function createOpenAIBackend(options: OpenAIBackendOptions): OpenAIBackend {
  const secrets = [options.apiKey];
  const client =
    options.client ??
    new OpenAI({
      apiKey: options.apiKey,
      maxRetries: options.maxRetries ?? 0,
      timeout: options.requestTimeoutMs ?? 120_000,
      ...(options.baseURL === undefined ? {} : { baseURL: options.baseURL }),
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    });
  /** Forge thread → the last response id, so each turn continues the conversation. */
  const lastResponse = new Map<string, string>();
  let chosenChatModel = options.model;
  let listed: Promise<string[]> | undefined = options.models === undefined ? undefined : Promise.resolve([...options.models]);

  /** The key's model list, asked for once; a failed listing is asked again next time. */
  function listModels(): Promise<string[]> {
    listed ??= (async () => {
      const models: string[] = [];
      for await (const model of client.models.list()) models.push(model.id);
      return models;
    })();
    listed.catch(() => (listed = undefined));
    return listed;
  }

  async function chatModelFor(): Promise<string> {
    if (chosenChatModel !== undefined) return chosenChatModel;
    const chosen = defaultChatModel(await listModels());
    if (chosen === undefined) {
      throw new AgentError({ code: 'invalid_request', message: 'This server lists no chat model Forge can use: pick one in Settings → Account → Chat model.', retryable: false });
    }
    return chosen;
  }

  function imageModelFor(turn: RunTurnOptions): string {
    const chosen = turn.imageModel?.modelId;
    return chosen !== undefined && /^(gpt-image|dall-e)/.test(chosen) ? chosen : (options.imageModel ?? defaultOpenAIImageModel);
  }

  /** The turn's text (and images); after a restart (no response to continue from) the thread's kept history first. */
  function inputFor(turn: RunTurnOptions, previous: string | undefined): string | ResponseInputItem[] {
    const history = previous === undefined ? (turn.history ?? []).filter((message) => message.text.trim() !== '') : [];
    const content = userContent(turn.input);
    if (history.length === 0 && typeof content === 'string') return content;
    return [...history.map((message) => ({ role: message.role, content: message.text })), { role: 'user' as const, content }];
  }

  async function* runTurn(turn: RunTurnOptions): AsyncGenerator<AgentTurnEvent> {
    const imageModelId = imageModelFor(turn);
    const mapper = createResponsesStreamMapper({ imageModelId, requestText: turn.input.text, secrets });
    const image = options.image ?? {};
    const partialFramePauseMs = image.partialFramePauseMs ?? defaultPartialFramePauseMs;
    const previous = lastResponse.get(turn.threadId);
    const turnId = crypto.randomUUID();
    yield { type: 'turn-started', threadId: turn.threadId, turnId, ...(previous === undefined ? {} : { backendThreadId: previous }) };
    try {
      // The SDK sends the request and maps HTTP errors; the body is read by our own SSE reader.
      const model = await chatModelFor();
      const response = await client.responses.create(
        {
          model,
          instructions: turn.mode === 'ask' ? `${options.instructions ?? defaultInstructions}\n\n${askModeInstructions}` : (options.instructions ?? defaultInstructions),
          input: inputFor(turn, previous),
          stream: true,
          store: true,
          ...(previous === undefined ? {} : { previous_response_id: previous }),
          // Ask mode answers only: no tool to call.
          ...(turn.mode === 'ask'
            ? {}
            : {
                tool_choice: 'auto' as const,
                tools: [
                  {
                    type: 'image_generation' as const,
                    model: imageModelId,
                    partial_images: image.partialImages ?? 2,
                    ...(image.size === undefined ? {} : { size: image.size as 'auto' }),
                    ...(image.quality === undefined ? {} : { quality: image.quality }),
                    ...(image.outputFormat === undefined ? {} : { output_format: image.outputFormat }),
                    ...(image.background === undefined ? {} : { background: image.background }),
                    // The composer's choices for this request win over the backend's defaults.
                    ...toolOptions(turn.input.imageOptions),
                  },
                ],
              }),
        },
        turn.abortSignal === undefined ? {} : { signal: turn.abortSignal },
      ).asResponse();
      if (response.body === null) throw new Error('OpenAI answered without a body.');
      for await (const event of readServerSentEvents(response.body, partialFramePauseMs > 0 ? replacedPartialImages(partialFramePauseMs) : undefined)) {
        turn.onActivity?.();
        yield* mapper.handle(event);
        if (mapper.finished) break;
      }
      if (!mapper.finished) {
        yield* mapper.fail({ type: 'turn-failed', error: errorFromOpenAIFailure(new Error('The response stream ended before the response completed.'), secrets, turn.abortSignal) });
      }
    } catch (error) {
      yield* mapper.fail({ type: 'turn-failed', error: errorFromOpenAIFailure(error, secrets, turn.abortSignal) });
    }
    if (mapper.responseId !== undefined) lastResponse.set(turn.threadId, mapper.responseId);
  }

  async function account(): Promise<AgentAccount> {
    const base = { backend: 'openai' as const, plan: 'api-key', defaultImageModel: options.imageModel ?? defaultOpenAIImageModel, imageModelSelectable: true };
    try {
      const models = await listModels();
      const images = imageModelsOf(models);
      const chatModel = chosenChatModel ?? defaultChatModel(models);
      return {
        ...base,
        signedIn: true,
        imageModels: images.length === 0 ? knownImageModels : images,
        chatModels: chatModelsOf(models),
        ...(chatModel === undefined ? {} : { chatModel }),
      };
    } catch (error) {
      const mapped = errorFromOpenAIFailure(error, secrets);
      if (mapped.code === 'signed_out') return { ...base, signedIn: false, imageModels: knownImageModels };
      // Listing failed for another reason (network): the key is set, offer the known models.
      return { ...base, signedIn: true, imageModels: knownImageModels };
    }
  }

  return {
    specificationVersion: 'v1',
    id: 'openai',
    capabilities: {
      agentTools: false,
      imageInput: { supported: true },
      imageOptions: { size: { supported: true }, quality: { supported: true }, background: { supported: true }, count: { supported: true } },
    },
    runTurn,
    account,
    setChatModel(model) {
      chosenChatModel = model;
    },
  };
}
