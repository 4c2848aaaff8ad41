// Every IPC message must come from the app's own page in its main frame: an iframe or a page the
// window was somehow sent to must not reach the services (spend quota, approve, read files).
import { isAppPage } from './app-page.ts';

/** What the policy needs of Electron's `event.senderFrame` (a WebFrameMain, or null once gone). */
export interface SenderFrame {
  readonly url: string;
  readonly parent: unknown;
}

export function isTrustedSender(appUrl: string, frame: SenderFrame | null | undefined): boolean {
  if (frame === null || frame === undefined) return false;
  return frame.parent === null && isAppPage(appUrl, frame.url);
}

export class UntrustedSenderError extends Error {
  override readonly name = 'UntrustedSenderError';
  constructor() {
    super('Refused: this request did not come from the Forge window.');
  }
}

/** Wraps an IPC handler so it runs only for messages from the app page's main frame. */
export function onlyFromAppPage<Event extends { readonly senderFrame: SenderFrame | null }, Args extends unknown[], Result>(
  appUrl: string,
  handler: (event: Event, ...args: Args) => Result,
): (event: Event, ...args: Args) => Result {
  return (event, ...args) => {
    if (!isTrustedSender(appUrl, event.senderFrame)) throw new UntrustedSenderError();
    return handler(event, ...args);
  };
}
