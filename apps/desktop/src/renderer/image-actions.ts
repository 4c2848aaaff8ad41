// What the image menu does: through the desktop shell when there is one, else with what a browser allows.
import type { ChatActions, CompletedImage } from '@forge/chat-ui';

import type { ForgeHost } from './forge-client.ts';

function fileName(relativePath: string): string {
  return relativePath.split('/').at(-1) ?? 'image.png';
}

async function copyImageInBrowser(image: CompletedImage): Promise<void> {
  const blob = await (await fetch(image.url)).blob();
  // Browsers accept only PNG on the clipboard; convert anything else.
  const png = blob.type === 'image/png' ? blob : await new Promise<Blob>((resolve, reject) => {
    const element = new Image();
    element.onload = () => {
      const canvas = document.createElement('canvas');
      canvas.width = element.naturalWidth;
      canvas.height = element.naturalHeight;
      canvas.getContext('2d')?.drawImage(element, 0, 0);
      canvas.toBlob((result) => (result ? resolve(result) : reject(new Error('The image could not be copied.'))), 'image/png');
    };
    element.onerror = () => reject(new Error('The image could not be copied.'));
    element.src = image.url;
  });
  await navigator.clipboard.write([new ClipboardItem({ 'image/png': png })]);
}

export function createImageActions(host: ForgeHost, notify: (message: string) => void): ChatActions {
  const { shell } = host;
  const fail = (error: unknown): void => notify(error instanceof Error ? error.message : String(error));
  const actions: ChatActions = {
    onSaveAs: (image) => {
      if (shell) {
        shell.saveAs(image.relativePath).catch(fail);
        return;
      }
      const link = document.createElement('a');
      link.href = image.url;
      link.download = fileName(image.relativePath);
      link.click();
    },
    onCopyImage: async (image) => {
      try {
        if (shell) await shell.copyImage(image.relativePath);
        else await copyImageInBrowser(image);
      } catch (error) {
        fail(error);
      }
    },
    onCopyPath: async (image) => {
      try {
        const { path } = await host.api.call('resolveAssetPath', { relativePath: image.relativePath });
        await navigator.clipboard.writeText(path);
      } catch (error) {
        fail(error);
      }
    },
    onDragStart: (image, event) => {
      if (shell) {
        event.preventDefault();
        shell.startDrag(image.relativePath);
      }
    },
  };
  if (shell) actions.onShowInFolder = (image) => void shell.showInFolder(image.relativePath).catch(fail);
  return actions;
}
