// The logger the backends write to. Everything passed here is already redacted.
export interface AgentLogger {
  debug(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Warnings and errors to the console; debug lines dropped. */
export const consoleLogger: AgentLogger = {
  debug: () => undefined,
  warn: (message) => console.warn(message),
  error: (message) => console.error(message),
};

export const silentLogger: AgentLogger = { debug: () => undefined, warn: () => undefined, error: () => undefined };
