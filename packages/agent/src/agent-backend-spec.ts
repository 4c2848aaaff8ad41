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

/** An earlier message of the thread, as plain text, for a backend that has no state for it. */
export interface AgentHistoryMessage {
  role: 'user' | 'assistant';
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
  /**
   * The thread's earlier messages, oldest first, kept by the host (after a restart the backend
   * has no state for `threadId`). A backend that keeps its own conversation ignores it; the
   * OpenAI backend sends it when it has no previous response to continue from.
   */
  history?: readonly AgentHistoryMessage[];
  /**
   * The backend's own conversation id for this thread from an earlier run (a `turn-started`
   * event's `backendThreadId`), for a backend that has not seen `threadId` yet: Codex resumes
   * that thread (`thread/resume`) so the agent keeps its context.
   */
  backendThreadId?: string;
  /** The workspace folder a new backend conversation works in (Codex's `cwd`); default: the backend's own. */
  cwd?: string;
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
  /** The image model this account draws with by default. */
  defaultImageModel: string;
  /** The models the user may pick; one entry when the backend fixes the model. */
  imageModels: string[];
  imageModelSelectable: boolean;
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
