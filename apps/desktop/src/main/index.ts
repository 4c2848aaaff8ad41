// Electron glue only: a window, the preload bridge, a protocol for stored files, and the shell
// actions (save as, copy, reveal, drag). Everything else is the same services the web host runs.
// Each security decision (where the window may go, who may call over IPC, which permissions,
// which files the protocol serves) is a small pure module beside this one, tested in plain Node.
import { copyFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

import { app, BrowserWindow, clipboard, ClipboardItem, dialog, ipcMain, nativeImage, protocol, safeStorage, session, shell } from 'electron';
import type { IpcMainInvokeEvent } from 'electron';

import { accountSetup, checkProjectFolder, createForgeServices, createLogger, openSettingsFile, readConfig } from '../services/index.ts';
import type { ForgeServices } from '../services/index.ts';
import { decodePathSegments } from '../web-host/request-path.ts';
import { openServedImage, servedImagePath } from '../web-host/served-image.ts';
import { appPageUrl } from './app-page.ts';
import { assetProtocolUrl, assetScheme, respondToAssetRequest } from './asset-protocol.ts';
import { isTrustedSender, onlyFromAppPage } from './ipc-sender-policy.ts';
import { replyWithThumbnail, thumbnailUrl } from '../services/library/index.ts';
import { parseLaunchArguments } from './launch-arguments.ts';
import { externalLinkFor, mayNavigate } from './navigation-policy.ts';
import { decidePermissionCheck, decidePermissionRequest } from './permission-policy.ts';
import { createSafeStorageSecretStore } from './safe-storage-secret-store.ts';

protocol.registerSchemesAsPrivileged([{ scheme: assetScheme, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }]);

const appUrl = appPageUrl({ isPackaged: app.isPackaged, devServerUrl: process.env.ELECTRON_RENDERER_URL, builtPage: join(import.meta.dirname, '../renderer/index.html') });

// Every web contents, including any a future feature creates: no navigation away from the app
// page, no new windows (web links go to the system browser), no <webview>.
app.on('web-contents-created', (_event, contents) => {
  const guard = (event: { preventDefault: () => void }, url: string): void => {
    if (!mayNavigate(appUrl, url)) event.preventDefault();
  };
  contents.on('will-navigate', (event) => guard(event, event.url));
  contents.on('will-redirect', (event) => guard(event, event.url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const external = externalLinkFor(url);
    if (external !== undefined) void shell.openExternal(external);
    return { action: 'deny' };
  });
});

/** Every IPC handler runs only for messages from the app page's main frame. */
function fromAppPage<Args extends unknown[], Result>(handler: (event: IpcMainInvokeEvent, ...args: Args) => Result): (event: IpcMainInvokeEvent, ...args: Args) => Result {
  return onlyFromAppPage(appUrl, handler);
}
/** The Library's (and the chat's) thumbnails, the same replies as the web host's `/thumbnails/`. */
const libraryThumbnailUrl = thumbnailUrl('forge-asset://thumbnail/');

async function main(): Promise<void> {
  await app.whenReady();
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => decidePermissionRequest(permission, callback));
  session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) => decidePermissionCheck(appUrl, permission, details.requestingUrl ?? requestingOrigin));
  const config = readConfig();
  let secrets = (): string[] => (config.openai ? [config.openai.apiKey] : []);
  const logger = createLogger({ secrets: () => secrets() });
  const launch = parseLaunchArguments(process.argv.slice(app.isPackaged ? 1 : 2), process.cwd());
  // A missing or unreadable --project folder stops here with a one-line reason (the error box below).
  const projectDir = launch.mode === 'project' ? await checkProjectFolder(launch.projectDir) : undefined;
  // API keys: encrypted by safeStorage, which is refused where it would only obfuscate (Linux's basic_text).
  const encryption = {
    isAsyncEncryptionAvailable: () => safeStorage.isAsyncEncryptionAvailable(),
    ...(process.platform === 'linux' ? { getSelectedStorageBackend: () => safeStorage.getSelectedStorageBackend() } : {}),
    encryptStringAsync: (text: string) => safeStorage.encryptStringAsync(text),
    decryptStringAsync: (bytes: Buffer) => safeStorage.decryptStringAsync(bytes),
  };
  const services: ForgeServices = await createForgeServices({
    workspace: projectDir === undefined ? { mode: launch.mode === 'open' ? 'open' : 'last', homeDir: config.home } : { mode: 'project', projectDir },
    dataDir: config.dataDir,
    home: config.home,
    accounts: accountSetup(config, () => createSafeStorageSecretStore({ dir: join(dirname(config.settingsFile), 'secrets'), encryption })),
    assetUrl: assetProtocolUrl,
    thumbnailUrl: libraryThumbnailUrl,
    logger,
    settings: openSettingsFile({ path: config.settingsFile, warn: (message) => logger.warn(message) }),
    cacheDir: config.cacheDir,
    ...(config.stallTimeoutMs === undefined ? {} : { stallTimeoutMs: config.stallTimeoutMs }),
  });
  secrets = () => services.secrets();

  protocol.handle(assetScheme, async (request) => {
    const url = new URL(request.url);
    if (url.host === 'thumbnail') {
      try {
        const relativePath = decodePathSegments(url.pathname).join('/');
        const reply = await replyWithThumbnail(services.store, relativePath, url.searchParams, request.headers.get('if-none-match') ?? undefined);
        return new Response(reply.body === undefined ? null : new Uint8Array(reply.body), { status: reply.status, headers: reply.headers });
      } catch (error) {
        logger.error('thumbnail failed', error);
        return new Response('Thumbnail failed', { status: 500 });
      }
    }
    return respondToAssetRequest(services.store, request.url);
  });

  ipcMain.handle('forge:call', fromAppPage((_event, name: unknown, input: unknown) => services.respond(String(name), input)));
  // The shell actions take only images the store saved, as the protocol serves them.
  const resolveAsset = async (relativePath: unknown): Promise<string> => {
    const image = await openServedImage(services.store, String(relativePath));
    if (image === undefined) throw new Error('That is not an image Forge saved.');
    await image.handle.close();
    return services.store.resolve(String(relativePath));
  };
  const assetPathNow = (relativePath: unknown): string | undefined => servedImagePath(services.store, String(relativePath));
  ipcMain.handle('forge:save-as', fromAppPage(async (event, relativePath: unknown) => {
    const source = await resolveAsset(relativePath);
    const window = BrowserWindow.fromWebContents(event.sender);
    const options = { defaultPath: join(app.getPath('downloads'), basename(source)) };
    const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
    if (result.canceled || result.filePath === '') return { saved: false };
    await copyFile(source, result.filePath);
    return { saved: true, path: result.filePath };
  }));
  ipcMain.handle('forge:copy-image', fromAppPage(async (_event, relativePath: unknown) => {
    // The system clipboard takes PNG everywhere, whatever the stored format.
    const png = nativeImage.createFromPath(await resolveAsset(relativePath)).toPNG();
    await clipboard.write([new ClipboardItem({ 'image/png': new Blob([new Uint8Array(png)], { type: 'image/png' }) })]);
  }));
  ipcMain.handle('forge:show-in-folder', fromAppPage(async (_event, relativePath: unknown) => shell.showItemInFolder(await resolveAsset(relativePath))));
  // "Open folder…" in the workspace switcher: the native picker; the renderer then calls openWorkspace.
  ipcMain.handle('forge:choose-folder', fromAppPage(async (event) => {
    const window = BrowserWindow.fromWebContents(event.sender);
    const options = { title: 'Open a project folder', properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[] };
    const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
    return result.canceled ? undefined : result.filePaths[0];
  }));
  // Only the page of the sign-in Forge is waiting for, and only in the system browser.
  ipcMain.handle('forge:open-sign-in-page', fromAppPage(async (_event, url: unknown) => {
    const pending = (await services.call('getState', {})).account.signIn;
    const allowed = pending?.status !== 'waiting' ? undefined : pending.method === 'chatgpt' ? pending.authUrl : pending.verificationUrl;
    if (allowed === undefined || url !== allowed) throw new Error('That is not the page of the sign-in Forge is waiting for.');
    await shell.openExternal(allowed);
  }));
  ipcMain.on('forge:start-drag', (event, relativePath: unknown) => {
    // A send has no reply to carry a refusal: an untrusted one is dropped.
    if (!isTrustedSender(appUrl, event.senderFrame)) return;
    // Checked synchronously: a drag must start while the renderer's drag event is still live.
    const file = assetPathNow(relativePath);
    if (file === undefined) return;
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
  // A closed window (or a crashed renderer) cannot answer an approval card: decline what waits.
  window.on('closed', () => services.rendererClosed());
  window.webContents.on('render-process-gone', () => services.rendererClosed());
  await window.loadURL(appUrl);

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
