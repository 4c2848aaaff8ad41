// Every browser test in the repo (vitest browser mode, Storybook play functions, the
// end-to-end tests) launches Debian's Chromium the same way: headless, no sandbox (CI runs as
// root), and none of the background traffic that this machine's closed network refuses.
import { existsSync } from 'node:fs';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** CHROMIUM_PATH, else Debian's chromium; a clear error when there is none. */
export function chromiumExecutablePath() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  const found = candidates.find((candidate) => candidate !== undefined && candidate !== '' && existsSync(candidate));
  if (found === undefined) {
    throw new Error("No Chromium found: install Debian's `chromium` package (apt-get install -y chromium) or set CHROMIUM_PATH.");
  }
  return found;
}
