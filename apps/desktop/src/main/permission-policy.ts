// Forge asks the web platform for nothing (no camera, microphone, location, notifications,
// MIDI, USB, …), so every permission is refused, for every page and frame. The one exception is
// writing plain text to the clipboard from the app's own page: "Copy path" uses it, and a write
// reads nothing back.
import { isAppPage } from './app-page.ts';

const allowedChecks = new Set(['clipboard-sanitized-write']);

/** For `session.setPermissionRequestHandler`: always no. */
export function decidePermissionRequest(_permission: string, callback: (granted: boolean) => void): void {
  callback(false);
}

/** For `session.setPermissionCheckHandler`: no, except a clipboard text write from the app page. */
export function decidePermissionCheck(appUrl: string, permission: string, requestingUrl: string | undefined): boolean {
  return allowedChecks.has(permission) && requestingUrl !== undefined && isAppPage(appUrl, requestingUrl);
}
