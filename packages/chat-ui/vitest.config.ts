import { chromiumArgs, chromiumExecutablePath } from '@forge/chromium';
import react from '@vitejs/plugin-react';
import { playwright } from '@vitest/browser-playwright';
import { defaultClientConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Component logic tests run in real Chromium (Debian's, never a downloaded one).
export default defineConfig({
  plugins: [react()],
  resolve: { conditions: ['@forge/source', ...defaultClientConditions] },
  test: {
    include: ['src/**/*.test.{ts,tsx}'],
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
});
