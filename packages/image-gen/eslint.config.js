import base from '@forge/eslint-config';

export default [
  ...base,
  // Stryker's sandbox copy of the package, there while a mutation run is going.
  { ignores: ['.stryker-tmp*/**'] },
  {
    // vitest's asymmetric matchers (expect.objectContaining…) are typed `any`.
    files: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
];
