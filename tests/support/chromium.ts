// Launches Debian's Chromium (never a downloaded browser) for end-to-end tests.
import { chromiumArgs, chromiumExecutablePath } from '@forge/chromium';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumExecutablePath(), headless: true, args: [...chromiumArgs] });
}
