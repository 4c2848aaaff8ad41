// Talks to the web host directly, as the renderer does: one contract call, or the event stream.
// Every direct call in the tests goes through here and the launched app's own `fetch`, which
// sends the access token.
import type { RunningApp } from './start-app.ts';

export interface ContractReply {
  status: number;
  /** The raw answer, for tests that look for what must never be in it. */
  text: string;
  body: { ok: true; result: unknown } | { ok: false; error: { code: string; message: string } };
}

export async function callContract(app: RunningApp, call: string, input: unknown = {}): Promise<ContractReply> {
  const response = await app.fetch(`/api/call/${call}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as ContractReply['body'] };
}

/** The call's result, or the error the services sent (with its code) thrown. */
export async function contractResult<Result>(app: RunningApp, call: string, input: unknown = {}): Promise<Result> {
  const { body } = await callContract(app, call, input);
  if (!body.ok) throw Object.assign(new Error(body.error.message), { code: body.error.code });
  return body.result as Result;
}

/** Records every server-sent event the app pushes (as raw text) until `stop()`. */
export function recordEvents(app: RunningApp): { text: () => string; stop: () => void } {
  const controller = new AbortController();
  let text = '';
  void app
    .fetch('/api/events', { signal: controller.signal })
    .then(async (response) => {
      const reader = response.body?.getReader();
      const decoder = new TextDecoder();
      for (let next = await reader?.read(); next !== undefined && !next.done; next = await reader?.read()) text += decoder.decode(next.value, { stream: true });
    })
    .catch(() => undefined);
  return { text: () => text, stop: () => controller.abort() };
}
