// Packaging the desktop app: `pnpm --filter @forge/desktop package` (needs Electron's binary,
// which electron-builder downloads when it runs; nothing is fetched when the workspace installs).
// The fuses are flipped in the packaged binary before signing, so an installed Forge cannot be
// turned into a plain Node runtime or a debug target, and loads only its own, checked app.asar.
import type { Configuration } from 'electron-builder';

const config: Configuration = {
  appId: 'dev.forge.desktop',
  productName: 'Forge',
  directories: { output: 'release', buildResources: 'build' },
  // electron-vite's bundles; the dependencies they leave external come from package.json.
  files: ['out/**/*', 'package.json'],
  asar: true,
  // Prebuilt native modules (sharp) ship for each platform: nothing is compiled or downloaded.
  npmRebuild: false,
  publish: null,
  electronFuses: {
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    enableCookieEncryption: true,
    grantFileProtocolExtraPrivileges: false,
  },
  linux: { target: ['AppImage', 'deb'], category: 'Graphics', maintainer: 'Forge' },
  mac: { target: ['dmg'], category: 'public.app-category.graphics-design' },
  win: { target: ['nsis'] },
  nsis: { oneClick: false, perMachine: false },
};

export default config;
