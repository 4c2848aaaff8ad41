// The one way tests call the running web host's contract directly (POST /api/call/NAME), so
// whatever the host asks of a caller (a token header, say) is added in one place.
export class ForgeApiError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

export async function callForge<Result = unknown>(appUrl: string, name: string, input: unknown = {}): Promise<Result> {
  const response = await fetch(new URL(`/api/call/${name}`, appUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
    signal: AbortSignal.timeout(60_000),
  });
  const body = (await response.json()) as { ok: true; result: Result } | { ok: false; error: { code: string; message: string } };
  if (!body.ok) throw new ForgeApiError(body.error.code, body.error.message);
  return body.result;
}
