import { defineConfig } from 'tsdown';

// checks: no report of the build's own timings (the .d.ts generation is slow on a busy
// machine, and the report read as a warning in every build's output).
export default defineConfig({ entry: ['src/index.ts'], format: 'esm', dts: true, platform: 'node', checks: { bundlerTimings: false } });
