// The renderer for the loopback web host: the same React app Electron loads.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

import { rendererChunks } from './renderer-chunks.ts';

export default defineConfig({
  root: 'src/renderer',
  base: '/',
  plugins: [react()],
  build: { outDir: '../../dist/renderer', emptyOutDir: true, rolldownOptions: { output: { codeSplitting: rendererChunks } } },
});
