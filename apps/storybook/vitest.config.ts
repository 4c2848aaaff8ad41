import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromiumArgs, chromiumExecutablePath } from '@forge/chromium';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import { defaultClientConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Runs every story's play function in real Chromium (Debian's, never a downloaded one).
const directory = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  resolve: { conditions: ['@forge/source', ...defaultClientConditions], dedupe: ['react', 'react-dom'] },
  test: {
    projects: [
      {
        extends: true,
        plugins: [storybookTest({ configDir: path.join(directory, '.storybook') })],
        test: {
          name: 'storybook',
          // Explicit, not the browser runner's default: room for a machine 4× slower than a busy one.
          testTimeout: 30_000,
          hookTimeout: 60_000,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: { executablePath: chromiumExecutablePath(), args: [...chromiumArgs] } }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
