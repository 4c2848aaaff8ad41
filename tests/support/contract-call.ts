// Talks to the web host directly, as the renderer does: one contract call, or the event stream.
// Every direct call in the tests goes through here, so a launch token can be added in one place.

export interface ContractReply {
  status: number;
  /** The raw answer, for tests that look for what must never be in it. */
  text: string;
  body: { ok: true; result: unknown } | { ok: false; error: { code: string; message: string } };
}

export async function callContract(appUrl: string, call: string, input: unknown): Promise<ContractReply> {
  const response = await fetch(new URL(`api/call/${call}`, appUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as ContractReply['body'] };
}

/** Records every server-sent event the app pushes (as raw text) until `stop()`. */
export function recordEvents(appUrl: string): { text: () => string; stop: () => void } {
  const controller = new AbortController();
  let text = '';
  void fetch(new URL('api/events', appUrl), { signal: controller.signal })
    .then(async (response) => {
      const reader = response.body?.getReader();
      const decoder = new TextDecoder();
      for (let next = await reader?.read(); next !== undefined && !next.done; next = await reader?.read()) text += decoder.decode(next.value, { stream: true });
    })
    .catch(() => undefined);
  return { text: () => text, stop: () => controller.abort() };
}
