// The agent backend spec: only types. Codex, the OpenAI Responses API and the offline
// backend implement it; the desktop services consume the same turn event stream.
import type { ImageBackground, ImageGenerationError, ImageGenerationEvent, ImageMediaType, ImageModel, ImageQuality, ImageSize } from '@forge/image-gen';

import type { AgentError } from './agent-error.ts';

export type AgentBackendId = 'codex' | 'openai' | 'offline';

/** `agent` may act (generate images); `ask` only answers. */
export type AgentMode = 'agent' | 'ask';

export interface AgentTurnInput {
  text: string;
  /**
   * Images the request hands the model, already checked by the host (by content): the image to
   * refine (`parent`, at most one, first) and references. Only for backends whose
   * `capabilities.imageInput` is supported.
   */
  images?: readonly AgentInputImage[];
  /**
   * The thread's latest image, when the request hands none: a follow-up in words ("make it
   * bluer") may refine it when the agent decides so. A backend that does marks the image it draws
   * with `metadata.refinedFrom` (this image's `relativePath`), so the host records the lineage.
   */
  latestImage?: AgentInputImage;
  /** What the user chose next to the composer; each only where `capabilities.imageOptions` supports it. */
  imageOptions?: AgentImageOptions;
}

/** One image a request hands the model. */
export interface AgentInputImage {
  bytes: Uint8Array;
  mediaType: ImageMediaType;
  /** `parent`: the image this request refines; `reference`: an image to draw from. */
  role: 'parent' | 'reference';
  /** Where the host keeps it (for the model's notes and the new image's lineage). */
  relativePath: string;
}

/** The composer's image options for one request. */
export interface AgentImageOptions {
  size?: ImageSize;
  quality?: ImageQuality;
  background?: ImageBackground;
  /** Variants in one request, 1–4. */
  count?: number;
}

/** Whether a backend takes something, and if not, why — shown to the user next to the disabled control. */
export type AgentSupport = { supported: true } | { supported: false; reason: string };

/**
 * One earlier message of the conversation as the host keeps it, in plain text (the host writes
 * an image as a line naming its prompt and file). Backends that start a fresh context for a thread
 * they cannot resume (Codex's ephemeral threads after a restart) give the model these first.
 */
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
   * The conversation before this turn, oldest first; used only where the backend has lost its own
   * context (Codex's fresh thread after a restart; the OpenAI backend sends it when it has no
   * previous response to continue from).
   */
  history?: readonly AgentHistoryMessage[];
  /** The workspace folder a new backend conversation works in (Codex's `cwd`); default: the backend's own. */
  cwd?: string;
  /**
   * Called on every sign of life from the backend — a stream event, a notification, a reconnect
   * note — including those that produce no turn event, so a host's stall watchdog can tell a slow
   * turn from a dead one.
   */
  onActivity?: () => void;
  /**
   * Switches on the backend's agent tools for this turn (see `AgentBackendCapabilities`): the agent
   * may then ask to run commands, change files or reach the network, and every such request comes
   * as an `approval-request` event that waits for the host's answer. Default false: image
   * generation is the only tool. Ignored by backends without agent tools.
   */
  agentTools?: boolean;
}

/** One file an `approval-request` of kind `file-change` would add, delete or update. */
export interface AgentFileChange {
  path: string;
  change: 'add' | 'delete' | 'update';
  /** Where an update moves the file, when it does. */
  movePath?: string;
  /** The unified diff (or the new file's text), when the backend says. */
  diff?: string;
}

/**
 * What the agent asks to do on the user's machine, exactly as the backend reported it: the host
 * shows it verbatim (never rendered) and answers with the event's `respond`.
 */
export type AgentActionRequest =
  /** A shell command and the folder it runs in. `writesToRunningCommand`: typing into a command already running. */
  | { kind: 'command'; command: string; cwd: string; reason?: string; writesToRunningCommand?: boolean }
  | { kind: 'file-change'; files: AgentFileChange[]; reason?: string; grantRoot?: string }
  /** Network access for a command, e.g. `{ host: 'example.com', protocol: 'https' }`. */
  | { kind: 'network'; host: string; protocol: string; command?: string; cwd?: string; reason?: string }
  /** Wider permissions for the rest of the turn, described in words (`permissions`). */
  | { kind: 'permissions'; permissions: string[]; cwd?: string; reason?: string };

/** The host's answer to an `approval-request`: run this once, or refuse (and the agent is told). */
export type AgentApprovalDecision = 'allow-once' | 'decline';

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
  /**
   * The agent asks to act on the user's machine and waits: nothing runs until `respond('allow-once')`.
   * `respond` takes the first answer only. A turn that ends or is cancelled, and a backend that
   * closes, decline what is still unanswered.
   */
  | { type: 'approval-request'; approvalId: string; request: AgentActionRequest; respond(decision: AgentApprovalDecision): void }
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

/** What a backend can do beyond chat and images. */
export interface AgentBackendCapabilities {
  /**
   * Whether the backend has tools that act on the user's machine (commands, file changes, network)
   * that `RunTurnOptions.agentTools` switches on, each use behind an `approval-request`.
   * Codex has them; the OpenAI API and offline backends do not (image generation is all they do).
   */
  agentTools: boolean;
  /** Refine and references: the backend hands input images to its image model. Absent: not supported. */
  imageInput?: AgentSupport;
  /** The backend may refine `input.latestImage` on a follow-up in words (else the host need not read it). */
  refinesLatestImage?: boolean;
  /** The composer's options the backend passes on. Absent: none. */
  imageOptions?: Partial<Record<keyof AgentImageOptions, AgentSupport>>;
}

export interface AgentBackendV1 {
  readonly specificationVersion: 'v1';
  readonly id: AgentBackendId;
  /** Absent means none: no agent tools. */
  readonly capabilities?: AgentBackendCapabilities;
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
