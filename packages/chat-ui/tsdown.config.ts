import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts'],
  format: 'esm',
  dts: true,
  platform: 'browser',
  fixedExtension: true,
  deps: { neverBundle: ['react', 'react-dom', /^react\//, /^react-dom\//] },
  copy: [{ from: 'src/styles.css', to: 'dist' }],
});
