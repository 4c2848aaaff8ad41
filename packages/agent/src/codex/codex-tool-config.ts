// Which of Codex's own tools a Forge thread gets, and how it asks before using them.
// Default: image generation is the only tool — commands, file patches, web search, image viewing,
// sub-agents, goals, apps and plugins are switched off in the thread's configuration (so the
// model is not even offered them), the thread has no execution environment, and the policy is
// `never` with a read-only sandbox (so a call the model makes anyway is refused, never asked).
// With agent tools on: commands and file patches are offered, the policy is `untrusted`, and a
// rule file makes even the commands Codex deems safe (`cat`, `ls`, …) ask first, so every use
// reaches Forge as an approval request. Keys checked against codex-cli 0.169.0.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import type { JsonValue } from './protocol/serde_json/JsonValue.ts';
import type { AskForApproval } from './protocol/v2/AskForApproval.ts';
import type { SandboxMode } from './protocol/v2/SandboxMode.ts';
import type { TurnEnvironmentParams } from './protocol/v2/TurnEnvironmentParams.ts';

/** Codex tools Forge never offers: none of them needs the user's machine to draw a picture. */
const alwaysOff: Record<string, JsonValue> = {
  // A hosted tool: the provider searches, so no approval could ever be asked for it.
  web_search: 'disabled',
  // Reads any image file on disk without asking.
  'features.view_image': false,
  'features.goals': false,
  'features.multi_agent': false,
  'features.multi_agent_v2': false,
  'agents.enabled': false,
  'features.apps': false,
  'features.plugins': false,
  'features.tool_suggest': false,
  'features.browser_use': false,
  'features.browser_use_external': false,
  'features.computer_use': false,
  'features.in_app_browser': false,
  'features.hooks': false,
  'features.memories': false,
  'tools.experimental_request_user_input': { enabled: false },
};

/** The command tools (`exec_command`/`write_stdin`, or `shell`): off unless agent tools are on. */
const commandToolsOff: Record<string, JsonValue> = {
  'features.shell_tool': false,
  'features.unified_exec': false,
};

/** The environment Codex runs commands and patches in; 0.169.0 names the machine it runs on `local`. */
export const codexLocalEnvironmentId = 'local';

/** Every folder from `cwd` up to the root: Codex looks for a project's `.codex/` in any of them. */
function folderAndAncestors(cwd: string): string[] {
  const folders: string[] = [];
  for (let folder = path.resolve(cwd); ; folder = path.dirname(folder)) {
    folders.push(folder);
    if (path.dirname(folder) === folder) return folders;
  }
}

/**
 * Marks the project (and every folder above it) untrusted for this thread, so a cloned repo's
 * `.codex/rules` or `.codex/config.toml` cannot allow commands or change these settings.
 */
function untrustedProjects(cwd: string): Record<string, JsonValue> {
  return { projects: Object.fromEntries(folderAndAncestors(cwd).map((folder) => [folder, { trust_level: 'untrusted' }])) };
}

export interface CodexThreadToolSettings {
  approvalPolicy: AskForApproval;
  sandbox: SandboxMode;
  config: Record<string, JsonValue>;
}

export interface CodexTurnToolSettings {
  approvalPolicy: AskForApproval;
  /** Empty: no execution environment at all, so nothing can run even if a tool is called. */
  environments: TurnEnvironmentParams[];
}

export interface CodexToolSettings {
  /** For `thread/start`, `thread/resume` and `thread/fork`. */
  thread: CodexThreadToolSettings;
  /** For every `turn/start`: it keeps a thread whose settings changed from running on the old ones. */
  turn: CodexTurnToolSettings;
}

/**
 * `imageGeneration: false` (Ask mode) takes the image tool away too, so a model that draws
 * anyway cannot: asking it not to in the prompt is not enough.
 */
export function codexToolSettings({ agentTools, cwd, imageGeneration = true }: { agentTools: boolean; cwd: string; imageGeneration?: boolean }): CodexToolSettings {
  const imageTool: Record<string, JsonValue> = { 'features.image_generation': imageGeneration };
  if (!agentTools) {
    return {
      thread: { approvalPolicy: 'never', sandbox: 'read-only', config: { ...alwaysOff, ...imageTool, ...commandToolsOff, ...untrustedProjects(cwd) } },
      turn: { approvalPolicy: 'never', environments: [] },
    };
  }
  return {
    // Writes stay inside the project even after an Allow; reaching past it asks again.
    thread: { approvalPolicy: 'untrusted', sandbox: 'workspace-write', config: { ...alwaysOff, ...imageTool, ...untrustedProjects(cwd) } },
    turn: { approvalPolicy: 'untrusted', environments: [{ environmentId: codexLocalEnvironmentId, cwd: path.resolve(cwd) }] },
  };
}

/**
 * The programs Codex 0.169.0 runs without asking under `untrusted` when it deems the call
 * read-only (its `is_known_safe_command` list), plus the shells that wrap them. Forge's rule
 * makes each of them ask like any other command. A rule matches the program wherever it lives
 * (`cat` and `/bin/cat`).
 */
export const askFirstPrograms = [
  'base64', 'bash', 'cat', 'cd', 'cut', 'echo', 'expr', 'false', 'find', 'git', 'grep', 'head', 'id', 'ls', 'nl',
  'numfmt', 'paste', 'pwd', 'rev', 'rg', 'sed', 'seq', 'sh', 'stat', 'tac', 'tail', 'tr', 'true', 'uname', 'uniq',
  'wc', 'which', 'whoami', 'zsh',
] as const;

/** Shown as Codex's `reason` for a request our rule caused; the host drops it (it says nothing new). */
export const askFirstJustification = 'Forge asks before every command.';

export const askFirstRulesFileName = 'forge-ask-first.rules';

/** The execpolicy rule file (Starlark) that makes every known-safe program ask first. */
export function renderAskFirstRules(): string {
  return [
    '# Written by @forge/agent: with agent tools on, every command asks the user first,',
    "# including the ones Codex would run on its own as read-only. Edits are overwritten.",
    `prefix_rule(pattern=[${JSON.stringify(askFirstPrograms)}], decision="prompt", justification=${JSON.stringify(askFirstJustification)})`,
    '',
  ].join('\n');
}

/** Writes the rule file into the profile's CODEX_HOME/rules (0600). */
export async function writeAskFirstRules(codexHome: string): Promise<void> {
  const folder = path.join(codexHome, 'rules');
  await mkdir(folder, { recursive: true, mode: 0o700 });
  await writeFile(path.join(folder, askFirstRulesFileName), renderAskFirstRules(), { mode: 0o600 });
}
