import config from '@forge/eslint-config/react';

export default [
  ...config,
  // StrykerJS's sandbox while `pnpm mutate` runs.
  { ignores: ['.stryker-tmp/**'] },
  {
    // The one module that reads the environment, and the Electron entry that passes it on.
    files: ['src/services/config.ts', 'src/main/index.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
];
