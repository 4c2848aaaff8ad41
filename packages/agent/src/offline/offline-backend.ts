// The offline backend: rule-based, no network. It reads a message as a person would
// (message-intent.ts): a request for a picture gets one image from the offline model; a
// question gets a short answer from the built-in guide (offline-answers.ts); "don't draw"
// gets text only; anything else says what it can do and how to connect a real model.
// With an image to refine (or a reference) it edits that image instead (a deterministic palette
// shift, mirror or cut-out read from the words), so Refine works with no network.
import { createOfflineImageModel, offlineModelId, planOfflineEdit, streamImage } from '@forge/image-gen';

import type { AgentBackendV1, AgentTurnEvent, RunTurnOptions } from '../agent-backend-spec.ts';
import { classifyMessage, type MessageIntent } from './message-intent.ts';
import { answerFor, connectAnswer } from './offline-answers.ts';
import { promptForMessage } from './picture-request.ts';

export interface OfflineBackendOptions {
  /** Simulated latency of the offline model, so the in-flight state is visible. */
  imageDelayMs?: number;
  /** Makes ids deterministic in tests. */
  createId?: () => string;
}

const examples =
  'Ask me to *generate concept art for a steampunk airship*, *mock up a UI button in three states* or *make a sprite sheet of a four-frame walk cycle* and I will draw an offline preview.';

/** The text reply for a turn that draws nothing. */
function textReply(intent: MessageIntent, mode: RunTurnOptions['mode']): string {
  const answer = intent.topic === undefined ? undefined : answerFor(intent.topic);
  switch (intent.kind) {
    case 'picture':
      // Only reached in Ask mode.
      return ['Ask mode only answers questions, so I did not generate an image. Switch to Agent mode to have me draw it.', answer].filter(Boolean).join('\n\n');
    case 'declined':
      return answer ?? 'Sure, no picture. Ask me when you want one.';
    case 'question':
      return answer ?? `I can only answer a few questions offline (sprites, sprite sheets, walk cycles, concept art, UI states, transparency, image sizes). ${connectAnswer}`;
    case 'chat':
      return answer ?? `${connectAnswer}\n\n${mode === 'ask' ? 'In Ask mode I only answer questions; switch to Agent mode for pictures.' : examples}`;
    default:
      return intent satisfies never;
  }
}

/** Everything the composer offers works offline; quality is the one the offline model has. */
const supported = { supported: true } as const;

const variations = ['mirrored', 'warmer', 'mirrored and cooler'];

/** A request with an image hands the model that image: is this message asking for a change of it? */
function refines(intent: MessageIntent): boolean {
  return intent.kind === 'picture' || intent.kind === 'chat';
}

export function createOfflineBackend(options: OfflineBackendOptions = {}): AgentBackendV1 {
  const createId = options.createId ?? (() => crypto.randomUUID());
  const defaultModel = createOfflineImageModel(options.imageDelayMs === undefined ? {} : { delayMs: options.imageDelayMs });

  async function* runTurn(turn: RunTurnOptions): AsyncGenerator<AgentTurnEvent> {
    const turnId = createId();
    yield { type: 'turn-started', threadId: turn.threadId, turnId };
    const intent = classifyMessage(turn.input.text);
    // A follow-up in words that names a change the offline model can make ("make it bluer",
    // "mirror it") refines the thread's latest image; a new request draws anew.
    const handed = turn.input.images ?? [];
    const latest = handed.length === 0 && intent.kind === 'chat' && !planOfflineEdit(turn.input.text).guessed ? turn.input.latestImage : undefined;
    const followUp = latest !== undefined;
    const images = latest === undefined ? handed : [latest];
    const editing = images.length > 0 && turn.mode === 'agent' && refines(intent);
    if (!editing && (intent.kind !== 'picture' || turn.mode === 'ask')) {
      const text = textReply(intent, turn.mode);
      yield { type: 'text-delta', text };
      yield { type: 'turn-completed', text };
      return;
    }
    const prompt = editing ? turn.input.text.trim() : promptForMessage(turn.input.text, intent.kind === 'picture' ? intent.request : turn.input.text);
    // A question asked alongside the request is answered too ("What is a sprite sheet? Make me one.").
    const answer = editing || intent.topic === undefined || (intent.kind === 'picture' && intent.request.trim() === turn.input.text.trim()) ? '' : `${answerFor(intent.topic)}\n\n`;
    const base = images.find((image) => image.role === 'parent') ?? images[0];
    const intro = `${answer}${base === undefined ? 'Here is an offline preview of that.' : base.role === 'parent' ? 'Here is an offline edit of that image.' : 'Here is an offline edit of your reference.'} `;
    yield { type: 'text-delta', text: intro };
    const choices = turn.input.imageOptions ?? {};
    const count = Math.min(4, Math.max(1, Math.trunc(choices.count ?? 1)));
    let first: Uint8Array | undefined;
    for (let variant = 0; variant < count; variant += 1) {
      const callId = createId();
      // A variant is the first image changed in a named way (the offline model draws one picture
      // per prompt); the words say how, so the variants read apart in the chat.
      const from = base?.bytes ?? (variant === 0 ? undefined : first);
      for await (const event of streamImage({
        model: turn.imageModel ?? defaultModel,
        prompt: variant === 0 ? prompt : `${prompt} — variant ${variant + 1}, ${variations[variant - 1] ?? 'mirrored'}`,
        // A fresh picture is landscape by default; an edit keeps its image's size unless one was chosen.
        ...(choices.size === undefined ? (base === undefined ? { size: '1536x1024' as const } : {}) : { size: choices.size }),
        ...(choices.quality === undefined ? {} : { quality: choices.quality }),
        // "… on a transparent background" in words asks for it as the option does.
        ...(choices.background === undefined ? (/\btransparent\b/i.test(turn.input.text) ? { background: 'transparent' as const } : {}) : { background: choices.background }),
        ...(from === undefined ? {} : { inputImages: [from] }),
        ...(turn.abortSignal === undefined ? {} : { abortSignal: turn.abortSignal }),
      })) {
        const refinedFrom = followUp && base !== undefined && event.type === 'completed' ? { metadata: { ...event.metadata, refinedFrom: base.relativePath } } : {};
        yield { type: 'image', callId, event: { ...event, ...refinedFrom } as typeof event };
        if (event.type === 'completed') first ??= event.bytes;
        if (event.type === 'failed') {
          yield { type: 'turn-failed', error: event.error };
          return;
        }
      }
    }
    const outro = 'Connect a ChatGPT account or an API key for full-quality images.';
    yield { type: 'text-delta', text: outro };
    yield { type: 'turn-completed', text: intro + outro };
  }

  return {
    specificationVersion: 'v1',
    id: 'offline',
    capabilities: {
      agentTools: false,
      imageInput: supported,
      refinesLatestImage: true,
      imageOptions: { size: supported, quality: { supported: false, reason: 'The offline model has one quality.' }, background: supported, count: supported },
    },
    runTurn,
    account: () =>
      Promise.resolve({
        backend: 'offline',
        signedIn: false,
        plan: 'offline',
        defaultImageModel: offlineModelId,
        imageModels: [offlineModelId],
        imageModelSelectable: false,
      }),
  };
}
