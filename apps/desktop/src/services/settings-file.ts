// The app's own settings across launches, in one small JSON file in Forge's config folder
// (never in a project, never a secret): the image model picked for each backend, the chat
// model, the stall timeout, and whether agent tools are on.
// Unknown keys are kept, so an older Forge does not erase what a newer one wrote.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

import { z } from 'zod';

import type { AccountSummary } from '../contract/index.ts';

export type BackendName = AccountSummary['backend'];

export interface AppSettings {
  /** The image model last picked in Settings → Account, per backend. */
  imageModels: Partial<Record<BackendName, string>>;
  /** The chat model last picked for the OpenAI backend (Settings → Account → Chat model). */
  chatModel?: string;
  /** A turn whose backend is silent this long (ms) fails as `timeout`; absent: two minutes. */
  stallTimeoutMs?: number;
  /** Settings → Agent tools: lets the agent ask to run commands, change files and reach the network (default off). */
  agentTools?: boolean;
}

const knownSettings = z.object({
  imageModels: z.partialRecord(z.enum(['codex', 'openai', 'offline']), z.string().min(1).max(200)).catch({}),
  chatModel: z.string().min(1).max(200).optional().catch(undefined),
  // Anything but `true` is off: a damaged value never turns the tools on.
  agentTools: z.boolean().optional().catch(undefined),
});

/** From one second to one day: anything else is a typo, not a wish. */
const stallTimeout = z.number().int().min(1_000).max(86_400_000);

export interface SettingsFile {
  readonly path: string;
  /** What the file says; missing, unreadable or damaged gives defaults (and a warning). */
  read(): Promise<AppSettings>;
  /** Replaces the file atomically; writes run one at a time. Throws when the disk refuses. */
  write(settings: AppSettings): Promise<void>;
  /**
   * Applies `change` to the settings as this process last read or wrote them, and writes the
   * result: rooms that keep different keys (the account, agent tools) never erase each other's.
   */
  update(change: (settings: AppSettings) => AppSettings): Promise<AppSettings>;
}

export interface SettingsFileOptions {
  path: string;
  warn: (message: string) => void;
}

function isMissing(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
}

export function openSettingsFile({ path, warn }: SettingsFileOptions): SettingsFile {
  /** The file's other keys, kept as they were. */
  let others: Record<string, unknown> = {};
  let writing: Promise<unknown> = Promise.resolve();
  /** The settings as last read or written here; read from the file on first use. */
  let latest: AppSettings | undefined;

  async function read(): Promise<AppSettings> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if (!isMissing(error)) warn(`Could not read the settings in ${path}: ${error instanceof Error ? error.message : String(error)}. Using the defaults.`);
      return { imageModels: {} };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      warn(`The settings in ${path} are not valid JSON. Using the defaults; the next change rewrites the file.`);
      return { imageModels: {} };
    }
    const result = knownSettings.safeParse(parsed);
    if (!result.success || typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      warn(`The settings in ${path} are not a settings object. Using the defaults; the next change rewrites the file.`);
      return { imageModels: {} };
    }
    others = { ...(parsed as Record<string, unknown>) };
    delete others.imageModels;
    delete others.chatModel;
    delete others.agentTools;
    const read: AppSettings = {
      imageModels: { ...result.data.imageModels },
      ...(result.data.chatModel === undefined ? {} : { chatModel: result.data.chatModel }),
      ...(result.data.agentTools === undefined ? {} : { agentTools: result.data.agentTools }),
    };
    if ('stallTimeoutMs' in parsed) {
      const timeout = stallTimeout.safeParse(parsed.stallTimeoutMs);
      if (timeout.success) read.stallTimeoutMs = timeout.data;
      else warn(`stallTimeoutMs in ${path} must be a whole number of milliseconds from 1000 to 86400000; using two minutes.`);
    }
    return read;
  }

  async function replace(settings: AppSettings): Promise<void> {
    const text = `${JSON.stringify(
      {
        ...others,
        imageModels: settings.imageModels,
        ...(settings.chatModel === undefined ? {} : { chatModel: settings.chatModel }),
        ...(settings.stallTimeoutMs === undefined ? {} : { stallTimeoutMs: settings.stallTimeoutMs }),
        ...(settings.agentTools === undefined ? {} : { agentTools: settings.agentTools }),
      },
      null,
      2,
    )}\n`;
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
    try {
      await writeFile(temporary, text, { mode: 0o600 });
      await rename(temporary, path);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
  }

  /** Runs `task` after every write queued before it. */
  function queue<Result>(task: () => Promise<Result>): Promise<Result> {
    const next = writing.then(task);
    writing = next.catch(() => undefined);
    return next;
  }

  return {
    path,
    async read() {
      latest = await read();
      return structuredClone(latest);
    },
    write(settings) {
      return queue(async () => {
        latest = structuredClone(settings);
        await replace(settings);
      });
    },
    update(change) {
      return queue(async () => {
        latest = change(structuredClone(latest ?? (await read())));
        await replace(latest);
        return structuredClone(latest);
      });
    },
  };
}
