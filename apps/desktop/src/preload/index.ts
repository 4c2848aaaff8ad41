// The preload bridge: one function per contract call and shell action, never raw ipcRenderer.
import { contextBridge, ipcRenderer } from 'electron';

import type { ContractCall, ContractInput, ContractOutputs, ForgeBridge, ForgeEvent } from '../contract/index.ts';

const bridge: ForgeBridge = {
  async call<Call extends ContractCall>(call: Call, input: ContractInput<Call>): Promise<ContractOutputs[Call]> {
    const response = (await ipcRenderer.invoke('forge:call', call, input)) as
      | { ok: true; result: ContractOutputs[Call] }
      | { ok: false; error: { code: string; message: string } };
    if (!response.ok) throw Object.assign(new Error(response.error.message), { code: response.error.code });
    return response.result;
  },
  subscribe(listener: (event: ForgeEvent) => void): () => void {
    const handler = (_event: unknown, event: ForgeEvent): void => listener(event);
    ipcRenderer.on('forge:event', handler);
    return () => ipcRenderer.off('forge:event', handler);
  },
  shell: {
    saveAs: (relativePath) => ipcRenderer.invoke('forge:save-as', relativePath) as Promise<{ saved: boolean; path?: string }>,
    copyImage: (relativePath) => ipcRenderer.invoke('forge:copy-image', relativePath) as Promise<void>,
    showInFolder: (relativePath) => ipcRenderer.invoke('forge:show-in-folder', relativePath) as Promise<void>,
    startDrag: (relativePath) => ipcRenderer.send('forge:start-drag', relativePath),
    chooseFolder: () => ipcRenderer.invoke('forge:choose-folder') as Promise<string | undefined>,
    openSignInPage: (url) => ipcRenderer.invoke('forge:open-sign-in-page', url) as Promise<void>,
  },
};

contextBridge.exposeInMainWorld('forge', bridge);
