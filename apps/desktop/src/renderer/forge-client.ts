// Finds the host the renderer runs in: Electron's preload bridge, or the loopback web host.
import type { ContractCall, ContractInput, ContractOutputs, ForgeApi, ForgeBridge, ForgeEvent, ForgeShell } from '../contract/index.ts';

export interface ForgeHost {
  api: ForgeApi;
  /** Present only in the desktop shell. */
  shell?: ForgeShell;
}

/** A failed call, as the services described it. */
export class ForgeCallError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

function createWebApi(): ForgeApi {
  return {
    async call<Call extends ContractCall>(call: Call, input: ContractInput<Call>): Promise<ContractOutputs[Call]> {
      const response = await fetch(`/api/call/${call}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(input),
      });
      // The web host restarted with a new token (or this page never opened the printed link).
      if (response.status === 401) throw new ForgeCallError('unauthorized', 'Forge does not know this page any more: open the link it printed in the terminal.');
      const body = (await response.json()) as { ok: true; result: ContractOutputs[Call] } | { ok: false; error: { code: string; message: string } };
      if (!body.ok) throw new ForgeCallError(body.error.code, body.error.message);
      return body.result;
    },
    subscribe(listener: (event: ForgeEvent) => void): () => void {
      const source = new EventSource('/api/events');
      source.onmessage = (message: MessageEvent<string>) => listener(JSON.parse(message.data) as ForgeEvent);
      return () => source.close();
    },
  };
}

declare global {
  interface Window {
    forge?: ForgeBridge;
  }
}

export function connectToHost(): ForgeHost {
  const bridge = window.forge;
  if (bridge) return { api: bridge, shell: bridge.shell };
  return { api: createWebApi() };
}
