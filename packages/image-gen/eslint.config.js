import base from '@forge/eslint-config';

export default [
  ...base,
  {
    // vitest's asymmetric matchers (expect.objectContaining…) are typed `any`.
    files: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
];
