// Writes the private CODEX_HOME of one app profile: its directory (0700) and, when the host
// points Codex at a custom OpenAI-compatible server (tests, demos), the config.toml for it.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * A custom model provider. The `x-openai-actor-authorization` header is what makes Codex
 * 0.169.0 offer its image tool for a provider other than the ChatGPT sign-in (see CODEX.md).
 */
export interface CodexProviderConfig {
  /** Ends with `/v1`, e.g. `http://127.0.0.1:4010/v1`. */
  baseURL: string;
  /** The value sent as `x-openai-actor-authorization`; treated as a secret. */
  actorAuthorization: string;
  /** The chat model name sent to the provider (default `gpt-5.5`). */
  model?: string;
  /** Provider id in config.toml (default `forge`). */
  id?: string;
  /** Makes Codex require a ChatGPT/API sign-in for this provider (used to test the signed-out state). */
  requiresOpenaiAuth?: boolean;
}

function tomlString(value: string): string {
  return JSON.stringify(value);
}

/** The config.toml text for a custom provider. */
export function renderCodexConfig(provider: CodexProviderConfig): string {
  const id = provider.id ?? 'forge';
  if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new TypeError(`Codex provider id "${id}" must be letters, digits, - or _.`);
  return [
    '# Written by @forge/agent for this app profile; edits are overwritten.',
    `model_provider = ${tomlString(id)}`,
    `model = ${tomlString(provider.model ?? 'gpt-5.5')}`,
    '',
    '[features]',
    'image_generation = true',
    '',
    `[model_providers.${id}]`,
    `name = ${tomlString('Forge custom provider')}`,
    `base_url = ${tomlString(provider.baseURL)}`,
    'wire_api = "responses"',
    `http_headers = { "x-openai-actor-authorization" = ${tomlString(provider.actorAuthorization)} }`,
    ...(provider.requiresOpenaiAuth === true ? ['requires_openai_auth = true'] : []),
    '',
  ].join('\n');
}

/** Creates the profile's CODEX_HOME (private to the user) and, for a custom provider, its config.toml. */
export async function prepareCodexHome(codexHome: string, provider?: CodexProviderConfig): Promise<void> {
  await mkdir(codexHome, { recursive: true, mode: 0o700 });
  if (provider === undefined) return;
  const file = path.join(codexHome, 'config.toml');
  await writeFile(file, renderCodexConfig(provider), { mode: 0o600 });
  await chmod(file, 0o600);
}
