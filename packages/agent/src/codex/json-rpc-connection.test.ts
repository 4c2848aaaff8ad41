import { PassThrough } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { createJsonRpcConnection, JsonRpcClosedError, JsonRpcRequestError } from './json-rpc-connection.ts';

function setup() {
  const serverOut = new PassThrough();
  const serverIn = new PassThrough();
  const notifications: { method: string; params: unknown }[] = [];
  const malformed: string[] = [];
  const sent: unknown[] = [];
  serverIn.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) sent.push(JSON.parse(line));
  });
  const connection = createJsonRpcConnection({
    input: serverOut,
    output: serverIn,
    onNotification: (method, params) => notifications.push({ method, params }),
    onServerRequest: (method) => {
      if (method === 'item/commandExecution/requestApproval') return { decision: 'decline' };
      throw new Error(`unsupported ${method}`);
    },
    onMalformedLine: (line) => malformed.push(line),
  });
  return { serverOut, connection, notifications, malformed, sent };
}

describe('JSON-RPC connection', () => {
  it('matches responses to requests even when they arrive split across chunks and out of order', async () => {
    const { serverOut, connection } = setup();
    const first = connection.request<{ value: number }>('a');
    const second = connection.request<{ value: number }>('b');
    serverOut.write('{"id":2,"result":{"val');
    serverOut.write('ue":2}}\n{"id":1,"result":{"value":1}}\n');
    await expect(first).resolves.toEqual({ value: 1 });
    await expect(second).resolves.toEqual({ value: 2 });
  });

  it('skips malformed lines, reports them, and keeps delivering notifications', async () => {
    const { serverOut, connection, notifications, malformed } = setup();
    const pending = connection.request('thread/start', {});
    serverOut.write('not json at all\n[1,2]\n{"jsonrpc":"2.0","method":"turn/started","params":{"turn":{"id":"t"}}}\n{"id":99,"result":{}}\n{"id":1,"result":{"ok":true}}\n');
    await expect(pending).resolves.toEqual({ ok: true });
    expect(notifications).toEqual([{ method: 'turn/started', params: { turn: { id: 't' } } }]);
    expect(malformed).toHaveLength(3);
  });

  it('rejects a request answered with an error, and every pending request when the stream closes', async () => {
    const { serverOut, connection } = setup();
    const failing = connection.request('account/rateLimits/read');
    serverOut.write('{"id":1,"error":{"code":-32600,"message":"codex account authentication required"}}\n');
    await expect(failing).rejects.toBeInstanceOf(JsonRpcRequestError);
    const hanging = connection.request('turn/start', {});
    serverOut.destroy();
    await expect(hanging).rejects.toBeInstanceOf(JsonRpcClosedError);
    await expect(connection.request('x')).rejects.toBeInstanceOf(JsonRpcClosedError);
  });

  it('answers server requests (declining approvals, refusing the unknown)', async () => {
    const { serverOut, sent } = setup();
    serverOut.write('{"id":"s1","method":"item/commandExecution/requestApproval","params":{}}\n{"id":"s2","method":"item/tool/call","params":{}}\n');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(sent).toEqual([
      { jsonrpc: '2.0', id: 's1', result: { decision: 'decline' } },
      { jsonrpc: '2.0', id: 's2', error: { code: -32603, message: 'unsupported item/tool/call' } },
    ]);
  });
});
