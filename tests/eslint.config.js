import base from '@forge/eslint-config';

export default [
  ...base,
  {
    // Test support reads the environment it runs in (CHROMIUM_PATH, the parent's variables).
    files: ['support/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
];
