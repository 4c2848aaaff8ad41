// Which fault (or success) the fake server acts out for one request: the scenario names,
// their settings, and how a request picks one (header, then script, then the default).
export const fakeScenarioNames = [
  'ok',
  'slow',
  'hang',
  'hang-mid-stream',
  'disconnect',
  'disconnect-mid-stream',
  'quota',
  'usage-limit',
  'rate-limit',
  'moderation',
  'unauthorized',
  'forbidden',
  'model-not-found',
  'bad-request',
  'server-error',
  'stream-error',
  'garbage',
  'html',
  'invalid-image',
  'truncated-image',
  'empty',
  'exec-command',
  'apply-patch',
  'opaque-background',
  'wrong-size',
] as const;

export type FakeScenarioName = (typeof fakeScenarioNames)[number];

export interface FakeScenarioSettings {
  name: FakeScenarioName;
  /** `rate-limit`: the `retry-after-ms` header (default 50). */
  retryAfterMs?: number;
  /** `rate-limit`: the `retry-after` header in seconds (default: `retryAfterMs` rounded up). */
  retryAfterSeconds?: number;
  /** `quota` / `usage-limit`: when the quota resets, in Unix seconds (default: one hour from now for `usage-limit`). */
  resetsAt?: number;
  /** `slow`: the pause before the response and between stream events (default 300 ms). */
  delayMs?: number;
  /** `server-error`: the HTTP status (default 500). */
  status?: number;
  /**
   * `ok`: the pause between the last partial image and the finished one in a stream (default 0:
   * sent together). A real service streams its partial images while it is still drawing, so the
   * finished picture follows the last partial after a while.
   */
  finalAfterMs?: number;
  /** `ok`: the revised prompt the hosted image tool reports (default: the prompt). */
  revisedPrompt?: string;
  /** `exec-command`: the shell command the model asks Codex's `exec_command` tool to run (default `pwd`). */
  command?: string;
  /** `exec-command`: the `workdir` argument (default: none, so Codex uses the turn's folder). */
  workdir?: string;
  /** `apply-patch`: the patch the model hands Codex's `apply_patch` tool (default: adds `forge-fake.txt`). */
  patch?: string;
}

export type FakeScenario = FakeScenarioName | FakeScenarioSettings;

/** What a scenario function sees of a request when it chooses. */
export interface FakeRequestSummary {
  method: string;
  path: string;
  headers: Readonly<Record<string, string>>;
  body: unknown;
  /** 0-based position of this request among all the server has received. */
  index: number;
}

export type FakeScenarioChooser = FakeScenario | ((request: FakeRequestSummary) => FakeScenario | undefined);

export const scenarioHeader = 'x-fake-scenario';

export function isFakeScenarioName(value: string): value is FakeScenarioName {
  return (fakeScenarioNames as readonly string[]).includes(value);
}

export function toScenarioSettings(scenario: FakeScenario): FakeScenarioSettings {
  return typeof scenario === 'string' ? { name: scenario } : scenario;
}

const numericSettings = ['retryAfterMs', 'retryAfterSeconds', 'resetsAt', 'delayMs', 'status', 'finalAfterMs'] as const;

/** Parses `x-fake-scenario: rate-limit; retryAfterMs=20` into settings, or undefined when absent. */
export function parseScenarioHeader(value: string | undefined): FakeScenarioSettings | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const [rawName = '', ...parameters] = value.split(';').map((part) => part.trim());
  if (!isFakeScenarioName(rawName)) {
    throw new Error(`Unknown fake scenario "${rawName}". Known: ${fakeScenarioNames.join(', ')}.`);
  }
  const settings: FakeScenarioSettings = { name: rawName };
  for (const parameter of parameters) {
    const equals = parameter.indexOf('=');
    const key = (equals === -1 ? parameter : parameter.slice(0, equals)).trim();
    const raw = equals === -1 ? '' : parameter.slice(equals + 1).trim();
    if (key === 'revisedPrompt' || key === 'command' || key === 'workdir' || key === 'patch') settings[key] = raw;
    else if ((numericSettings as readonly string[]).includes(key)) {
      const number = Number(raw);
      if (Number.isFinite(number)) settings[key as (typeof numericSettings)[number]] = number;
    }
  }
  return settings;
}
