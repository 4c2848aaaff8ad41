// The renderer for the loopback web host: the same React app Electron loads.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'src/renderer',
  base: '/',
  plugins: [react()],
  build: { outDir: '../../dist/renderer', emptyOutDir: true },
});
