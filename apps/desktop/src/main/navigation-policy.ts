// Where the window may go: nowhere but the app's own page. Links to the web open in the system
// browser; every other new window or navigation (a link in a model's reply, a redirect, a
// `file:` or custom-scheme URL) is refused, so no page but ours ever runs with the preload bridge.
import { isAppPage, parseUrl } from './app-page.ts';

/** `will-navigate` and `will-redirect`: true to let it happen. */
export function mayNavigate(appUrl: string, targetUrl: string): boolean {
  return isAppPage(appUrl, targetUrl);
}

/**
 * The window-open handler's decision: the window is always denied; an http(s) link is handed to
 * the system browser (returned as the URL to open), anything else is dropped.
 */
export function externalLinkFor(targetUrl: string): string | undefined {
  const parsed = parseUrl(targetUrl);
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) return undefined;
  // Credentials in a link are a phishing device, never something Forge shows.
  if (parsed.username !== '' || parsed.password !== '') return undefined;
  return parsed.href;
}
