// The offline backend: rule-based, no network. Requests for a picture produce one image
// from the offline model; anything else gets a reply that says how to connect a real account.
import { createOfflineImageModel, offlineModelId, streamImage } from '@forge/image-gen';

import type { AgentBackendV1, AgentTurnEvent, RunTurnOptions } from '../agent-backend-spec.ts';
import { isPictureRequest, promptFromRequest } from './picture-request.ts';

export interface OfflineBackendOptions {
  /** Simulated latency of the offline model, so the in-flight state is visible. */
  imageDelayMs?: number;
  /** Makes ids deterministic in tests. */
  createId?: () => string;
}

const connectHint =
  'Forge is running offline, so I can only draw offline previews. Start Forge with an OpenAI API key (OPENAI_API_KEY) or a signed-in ChatGPT account in Codex to chat with a real model.';

export function createOfflineBackend(options: OfflineBackendOptions = {}): AgentBackendV1 {
  const createId = options.createId ?? (() => crypto.randomUUID());
  const defaultModel = createOfflineImageModel(options.imageDelayMs === undefined ? {} : { delayMs: options.imageDelayMs });

  async function* runTurn(turn: RunTurnOptions): AsyncGenerator<AgentTurnEvent> {
    const turnId = createId();
    yield { type: 'turn-started', threadId: turn.threadId, turnId };
    const wantsPicture = isPictureRequest(turn.input.text);
    if (!wantsPicture || turn.mode === 'ask') {
      const text = wantsPicture
        ? 'Ask mode only answers questions, so I did not generate an image. Switch to Agent mode to have me draw it.'
        : `${connectHint} Ask me to generate, draw, sketch or mock up something and I will make an offline preview.`;
      yield { type: 'text-delta', text };
      yield { type: 'turn-completed', text };
      return;
    }
    const prompt = promptFromRequest(turn.input.text);
    const intro = 'Here is an offline preview of that. ';
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
