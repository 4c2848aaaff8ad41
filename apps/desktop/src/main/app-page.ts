// Which URL is the app's own page: the built renderer as a file URL, or, while developing, the
// dev server electron-vite names in ELECTRON_RENDERER_URL. Every navigation, window and IPC
// decision compares against this one URL, with a URL parser (never a string prefix).
import { pathToFileURL } from 'node:url';

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The page the window loads. The environment can point it elsewhere only in a development run:
 * a packaged app ignores ELECTRON_RENDERER_URL, so nobody can aim an installed Forge at a page
 * of theirs. Even then it must be a loopback http(s) server.
 */
export function appPageUrl(options: { isPackaged: boolean; devServerUrl: string | undefined; builtPage: string }): string {
  const { isPackaged, devServerUrl, builtPage } = options;
  if (!isPackaged && devServerUrl !== undefined && devServerUrl !== '') {
    const parsed = parseUrl(devServerUrl);
    if (parsed && (parsed.protocol === 'http:' || parsed.protocol === 'https:') && loopbackHosts.has(parsed.hostname)) return parsed.href;
  }
  return pathToFileURL(builtPage).href;
}

export function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

function decodedPath(url: URL): string | undefined {
  try {
    return decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
}

/**
 * Whether `candidate` shows the app's page: for the built app the same file (any query or
 * fragment), for the dev server the same origin.
 */
export function isAppPage(appUrl: string, candidate: string): boolean {
  const app = parseUrl(appUrl);
  const other = parseUrl(candidate);
  if (!app || !other) return false;
  if (app.protocol === 'file:') {
    if (other.protocol !== 'file:' || other.host !== app.host) return false;
    const path = decodedPath(other);
    return path !== undefined && path === decodedPath(app);
  }
  return other.origin === app.origin;
}
