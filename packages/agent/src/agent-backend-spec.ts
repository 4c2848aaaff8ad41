// The agent backend spec: only types. Codex, the OpenAI Responses API and the offline
// backend implement it; the desktop services consume the same turn event stream.
import type { ImageGenerationError, ImageGenerationEvent, ImageModel } from '@forge/image-gen';

import type { AgentError } from './agent-error.ts';

export type AgentBackendId = 'codex' | 'openai' | 'offline';

/** `agent` may act (generate images); `ask` only answers. */
export type AgentMode = 'agent' | 'ask';

export interface AgentTurnInput {
  text: string;
}

export interface RunTurnOptions {
  /** The conversation to continue; backends keep their own state per thread. */
  threadId: string;
  input: AgentTurnInput;
  /** The model to draw with where the backend lets the host choose. */
  imageModel?: ImageModel;
  mode: AgentMode;
  abortSignal?: AbortSignal;
}

export type AgentTurnEvent =
  /** `backendThreadId`: the backend's own conversation id (Codex thread id, last Responses id) where it has one. */
  | { type: 'turn-started'; threadId: string; turnId: string; backendThreadId?: string }
  | { type: 'text-delta'; text: string }
  /** One image-generation event from the core's stream, tagged with the tool call it belongs to. */
  | { type: 'image'; callId: string; event: ImageGenerationEvent }
  /** A `forge-propose` block the agent wrote, verbatim (the host parses and validates it). */
  | { type: 'memory-proposal'; block: string }
  /**
   * The backend lost its connection mid-turn and is trying again (Codex: "Reconnecting... 2/5");
   * the turn goes on, and the next event means it is back. `attempt` of `maxAttempts` when known.
   */
  | { type: 'reconnecting'; attempt?: number; maxAttempts?: number }
  | { type: 'turn-completed'; text: string }
  | { type: 'turn-failed'; error: AgentError | ImageGenerationError };

export interface AgentAccount {
  backend: AgentBackendId;
  signedIn: boolean;
  /** e.g. `plus`, `pro` for a ChatGPT plan; `api-key` for the API; `offline`. */
  plan?: string;
  /** The signed-in person, where the backend knows it (a ChatGPT sign-in). */
  email?: string;
  /** The image model this account draws with by default. */
  defaultImageModel: string;
  /** The models the user may pick; one entry when the backend fixes the model. */
  imageModels: string[];
  imageModelSelectable: boolean;
  /** The chat model turns run on, where the host may choose it (the OpenAI backend). */
  chatModel?: string;
  /** The chat models the account lists, for that choice. */
  chatModels?: string[];
}

export interface RateLimitWindow {
  usedPercent: number;
  windowMinutes?: number;
  resetsAt?: Date;
}

export interface AgentRateLimits {
  primary?: RateLimitWindow;
  secondary?: RateLimitWindow;
}

export interface AgentBackendV1 {
  readonly specificationVersion: 'v1';
  readonly id: AgentBackendId;
  runTurn(options: RunTurnOptions): AsyncIterable<AgentTurnEvent>;
  account(): Promise<AgentAccount>;
  rateLimits?(): Promise<AgentRateLimits | undefined>;
  /**
   * Tells the backend the host has saved the image of `callId` (the `image` event's `completed`
   * payload) on its own, so the backend's copy can go. Codex keeps one under
   * `CODEX_HOME/generated_images/` (`metadata.codexSavedPath`) and never cleans it up; this deletes it.
   * A no-op for backends that keep no copy, and for unknown or already released call ids.
   */
  releaseImage?(callId: string): Promise<void>;
  /** Releases processes and sockets. */
  close?(): Promise<void>;
}

export type AgentBackend = AgentBackendV1;
