// The app log: one line per event on stderr, with anything that looks like a secret removed.
import { redactSecrets } from '@forge/image-gen';

export interface Logger {
  info(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
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
