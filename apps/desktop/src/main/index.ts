// Electron glue only: a window, the preload bridge, a protocol for stored files, and the shell
// actions (save as, copy, reveal, drag). Everything else is the same services the web host runs.
import { copyFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { app, BrowserWindow, clipboard, ClipboardItem, dialog, ipcMain, nativeImage, net, protocol, shell } from 'electron';

import { createAgentBackend, createForgeServices, createLogger, imageModelFactory, openSettingsFile, readConfig } from '../services/index.ts';
import type { ForgeServices } from '../services/index.ts';
import { replyWithThumbnail, thumbnailUrl } from '../services/library/index.ts';
import { parseLaunchArguments } from './launch-arguments.ts';

protocol.registerSchemesAsPrivileged([{ scheme: 'forge-asset', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }]);

const assetUrl = (relativePath: string): string => `forge-asset://asset/${relativePath.split('/').map(encodeURIComponent).join('/')}`;
/** The Library's thumbnails, the same replies as the web host's `/thumbnails/`. */
const libraryThumbnailUrl = thumbnailUrl('forge-asset://thumbnail/');

async function main(): Promise<void> {
  await app.whenReady();
  const config = readConfig();
  const logger = createLogger({ secrets: () => (config.openai ? [config.openai.apiKey] : []) });
  const launch = parseLaunchArguments(process.argv.slice(app.isPackaged ? 1 : 2), process.cwd());
  const backend = await createAgentBackend(config, logger, launch.mode === 'project' ? launch.projectDir : undefined);
  const services: ForgeServices = await createForgeServices({
    workspace: launch.mode === 'project' ? launch : { mode: 'open', homeDir: config.home },
    backend,
    assetUrl,
    thumbnailUrl: libraryThumbnailUrl,
    logger,
    imageModelFor: imageModelFactory(config),
    settings: openSettingsFile({ path: config.settingsFile, warn: (message) => logger.warn(message) }),
    cacheDir: config.cacheDir,
  });

  protocol.handle('forge-asset', async (request) => {
    const url = new URL(request.url);
    const relativePath = url.pathname.slice(1).split('/').map(decodeURIComponent).join('/');
    if (url.host === 'thumbnail') {
      try {
        const reply = await replyWithThumbnail(services.store, relativePath, url.searchParams, request.headers.get('if-none-match') ?? undefined);
        return new Response(reply.body === undefined ? null : new Uint8Array(reply.body), { status: reply.status, headers: reply.headers });
      } catch (error) {
        logger.error('thumbnail failed', error);
        return new Response('Thumbnail failed', { status: 500 });
      }
    }
    try {
      return await net.fetch(pathToFileURL(services.store.resolve(relativePath)).toString());
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
