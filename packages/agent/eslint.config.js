import base from '@forge/eslint-config';

// src/codex/protocol is generated from the pinned codex binary (pnpm generate:protocol).
export default [{ ignores: ['src/codex/protocol/**'] }, ...base];
