// Electron glue only: a window, the preload bridge, a protocol for stored files, and the shell
// actions (save as, copy, reveal, drag). Everything else is the same services the web host runs.
import { copyFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { app, BrowserWindow, clipboard, ClipboardItem, dialog, ipcMain, nativeImage, net, protocol, safeStorage, shell } from 'electron';

import { accountSetup, createForgeServices, createLogger, openSettingsFile, readConfig } from '../services/index.ts';
import type { ForgeServices } from '../services/index.ts';
import { parseLaunchArguments } from './launch-arguments.ts';
import { createSafeStorageSecretStore } from './safe-storage-secret-store.ts';

protocol.registerSchemesAsPrivileged([{ scheme: 'forge-asset', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }]);

const assetUrl = (relativePath: string): string => `forge-asset://asset/${relativePath.split('/').map(encodeURIComponent).join('/')}`;

async function main(): Promise<void> {
  await app.whenReady();
  const config = readConfig();
  let secrets = (): string[] => (config.openai ? [config.openai.apiKey] : []);
  const logger = createLogger({ secrets: () => secrets() });
  const launch = parseLaunchArguments(process.argv.slice(app.isPackaged ? 1 : 2), process.cwd());
  // API keys: encrypted by safeStorage, which is refused where it would only obfuscate (Linux's basic_text).
  const encryption = {
    isAsyncEncryptionAvailable: () => safeStorage.isAsyncEncryptionAvailable(),
    ...(process.platform === 'linux' ? { getSelectedStorageBackend: () => safeStorage.getSelectedStorageBackend() } : {}),
    encryptStringAsync: (text: string) => safeStorage.encryptStringAsync(text),
    decryptStringAsync: (bytes: Buffer) => safeStorage.decryptStringAsync(bytes),
  };
  const services: ForgeServices = await createForgeServices({
    workspace: launch.mode === 'project' ? launch : { mode: 'open', homeDir: config.home },
    accounts: accountSetup(config, () => createSafeStorageSecretStore({ dir: join(dirname(config.settingsFile), 'secrets'), encryption })),
    assetUrl,
    logger,
    settings: openSettingsFile({ path: config.settingsFile, warn: (message) => logger.warn(message) }),
    cacheDir: config.cacheDir,
  });
  secrets = () => services.secrets();

  protocol.handle('forge-asset', (request) => {
    const relativePath = new URL(request.url).pathname.slice(1).split('/').map(decodeURIComponent).join('/');
    try {
      return net.fetch(pathToFileURL(services.store.resolve(relativePath)).toString());
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });

  ipcMain.handle('forge:call', (_event, name: unknown, input: unknown) => services.respond(String(name), input));
  const resolveAsset = (relativePath: unknown): string => services.store.resolve(String(relativePath));
  ipcMain.handle('forge:save-as', async (event, relativePath: unknown) => {
    const source = resolveAsset(relativePath);
    const window = BrowserWindow.fromWebContents(event.sender);
    const options = { defaultPath: join(app.getPath('downloads'), basename(source)) };
    const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
    if (result.canceled || result.filePath === '') return { saved: false };
    await copyFile(source, result.filePath);
    return { saved: true, path: result.filePath };
  });
  ipcMain.handle('forge:copy-image', async (_event, relativePath: unknown) => {
    // The system clipboard takes PNG everywhere, whatever the stored format.
    const png = nativeImage.createFromPath(resolveAsset(relativePath)).toPNG();
    await clipboard.write([new ClipboardItem({ 'image/png': new Blob([new Uint8Array(png)], { type: 'image/png' }) })]);
  });
  ipcMain.handle('forge:show-in-folder', (_event, relativePath: unknown) => shell.showItemInFolder(resolveAsset(relativePath)));
  // Only the page of the sign-in Forge is waiting for, and only in the system browser.
  ipcMain.handle('forge:open-sign-in-page', async (_event, url: unknown) => {
    const pending = (await services.call('getState', {})).account.signIn;
    const allowed = pending?.status !== 'waiting' ? undefined : pending.method === 'chatgpt' ? pending.authUrl : pending.verificationUrl;
    if (allowed === undefined || url !== allowed) throw new Error('That is not the page of the sign-in Forge is waiting for.');
    await shell.openExternal(allowed);
  });
  ipcMain.on('forge:start-drag', (event, relativePath: unknown) => {
    const file = resolveAsset(relativePath);
    event.sender.startDrag({ file, icon: nativeImage.createFromPath(file).resize({ height: 64 }) });
  });

  const window = new BrowserWindow({
    width: 1100,
    height: 780,
    minWidth: 560,
    minHeight: 480,
    title: 'Forge',
    webPreferences: { preload: join(import.meta.dirname, '../preload/index.cjs'), contextIsolation: true, sandbox: true, nodeIntegration: false },
  });
  const unsubscribe = services.subscribe((event) => {
    if (!window.isDestroyed()) window.webContents.send('forge:event', event);
  });
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  const rendererUrl = process.env.ELECTRON_RENDERER_URL;
  if (rendererUrl !== undefined) await window.loadURL(rendererUrl);
  else await window.loadFile(join(import.meta.dirname, '../renderer/index.html'));

  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => {
    unsubscribe();
    void services.close();
  });
}

main().catch((error: unknown) => {
  dialog.showErrorBox('Forge could not start', error instanceof Error ? error.message : String(error));
  app.exit(1);
});
