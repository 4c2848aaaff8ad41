// The one way tests call the web host's contract directly (POST /api/call/<name>), so whatever
// the host asks of a caller (a token header) is added in one place.
export async function callContract<Result>(appUrl: string, call: string, input: unknown = {}): Promise<Result> {
  const response = await fetch(new URL(`api/call/${call}`, appUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as { ok: true; result: Result } | { ok: false; error: { code: string; message: string } };
  if (!body.ok) throw Object.assign(new Error(body.error.message), { code: body.error.code });
  return body.result;
}
