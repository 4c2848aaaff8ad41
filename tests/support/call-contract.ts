// A contract call over HTTP that gives back the result, or throws the error the services sent
// (with its code): the token header comes with the launched app's own `call`.
import type { RunningApp } from './start-app.ts';

export async function callContract<Result>(app: RunningApp, call: string, input: unknown = {}): Promise<Result> {
  const body = await app.call(call, input);
  if (!body.ok) throw Object.assign(new Error(body.error?.message ?? `${call} failed`), { code: body.error?.code });
  return body.result as Result;
}
