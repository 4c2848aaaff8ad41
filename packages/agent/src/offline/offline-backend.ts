// The offline backend: rule-based, no network. It reads a message as a person would
// (message-intent.ts): a request for a picture gets one image from the offline model; a
// question gets a short answer from the built-in guide (offline-answers.ts); "don't draw"
// gets text only; anything else says what it can do and how to connect a real model.
import { createOfflineImageModel, offlineModelId, streamImage } from '@forge/image-gen';

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

export function createOfflineBackend(options: OfflineBackendOptions = {}): AgentBackendV1 {
  const createId = options.createId ?? (() => crypto.randomUUID());
  const defaultModel = createOfflineImageModel(options.imageDelayMs === undefined ? {} : { delayMs: options.imageDelayMs });

  async function* runTurn(turn: RunTurnOptions): AsyncGenerator<AgentTurnEvent> {
    const turnId = createId();
    yield { type: 'turn-started', threadId: turn.threadId, turnId };
    const intent = classifyMessage(turn.input.text);
    if (intent.kind !== 'picture' || turn.mode === 'ask') {
      const text = textReply(intent, turn.mode);
      yield { type: 'text-delta', text };
      yield { type: 'turn-completed', text };
      return;
    }
    const prompt = promptForMessage(turn.input.text, intent.request);
    // A question asked alongside the request is answered too ("What is a sprite sheet? Make me one.").
    const answer = intent.topic === undefined || intent.request.trim() === turn.input.text.trim() ? '' : `${answerFor(intent.topic)}\n\n`;
    const intro = `${answer}Here is an offline preview of that. `;
    yield { type: 'text-delta', text: intro };
    const callId = createId();
    for await (const event of streamImage({
      model: turn.imageModel ?? defaultModel,
      prompt,
      size: '1536x1024',
      ...(turn.abortSignal === undefined ? {} : { abortSignal: turn.abortSignal }),
    })) {
      yield { type: 'image', callId, event };
      if (event.type === 'failed') {
        yield { type: 'turn-failed', error: event.error };
        return;
      }
    }
    const outro = 'Connect a ChatGPT account or an API key for full-quality images.';
    yield { type: 'text-delta', text: outro };
    yield { type: 'turn-completed', text: intro + outro };
  }

  return {
    specificationVersion: 'v1',
    id: 'offline',
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
