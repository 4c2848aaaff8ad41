export interface TestSecretService {
  /** Set these in the environment of the process that uses the keyring. */
  env: { DBUS_SESSION_BUS_ADDRESS: string };
  stop(): Promise<void>;
}
export declare function secretServiceUnavailableReason(): string | undefined;
export declare function startTestSecretService(options: { dir: string; timeoutMs?: number }): Promise<TestSecretService>;
export declare function withCodexLoginPort<Result>(task: () => Promise<Result>, options?: { timeoutMs?: number }): Promise<Result>;
