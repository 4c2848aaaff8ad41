// The app log: one line per event on stderr, with anything that looks like a secret removed.
export interface Logger {
  info(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
}

const secretPatterns = [/sk-[A-Za-z0-9_-]{8,}/g, /Bearer\s+[A-Za-z0-9._-]+/gi, /("?(?:api[_-]?key|token|authorization)"?\s*[:=]\s*)"[^"]*"/gi];

/** Removes API keys and tokens from text bound for a log or an error message. */
export function redactSecrets(text: string, knownSecrets: readonly string[] = []): string {
  let redacted = text;
  for (const secret of knownSecrets) if (secret.length >= 8) redacted = redacted.split(secret).join('[redacted]');
  for (const pattern of secretPatterns) redacted = redacted.replace(pattern, (match, prefix?: string) => (prefix === undefined ? '[redacted]' : `${prefix}"[redacted]"`));
  return redacted;
}

function describe(detail: unknown): string {
  if (detail === undefined) return '';
  if (detail instanceof Error) return ` ${detail.name}: ${detail.message}`;
  try {
    const text = JSON.stringify(detail) as string | undefined;
    return ` ${text ?? typeof detail}`;
  } catch {
    return ` (${typeof detail})`;
  }
}

export function createLogger(options: { write?: (line: string) => void; secrets?: () => readonly string[] } = {}): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const log = (level: string) => (message: string, detail?: unknown) => {
    write(redactSecrets(`[forge] ${level} ${message}${describe(detail)}`, options.secrets?.() ?? []));
  };
  return { info: log('info'), warn: log('warn'), error: log('error') };
}
