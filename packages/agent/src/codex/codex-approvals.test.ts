import { describe, expect, it, vi } from 'vitest';

import type { AgentTurnEvent } from '../agent-backend-spec.ts';
import { createCodexApprovalRouter } from './codex-approval-router.ts';
import { codexApprovalResponse, declinedByUser, readCodexApprovalRequest } from './codex-approvals.ts';
import { askFirstJustification, askFirstPrograms, codexToolSettings, renderAskFirstRules } from './codex-tool-config.ts';

const noChanges = (): undefined => undefined;

describe('reading Codex approval requests', () => {
  it('reads a v2 command request verbatim, with its folder and the agent’s reason', () => {
    const read = readCodexApprovalRequest(
      'item/commandExecution/requestApproval',
      { threadId: 't1', turnId: 'u1', itemId: 'i1', command: "/bin/bash -lc 'cat ~/.ssh/id_rsa'", cwd: '/home/ada/project', reason: 'to check the key' },
      noChanges,
    );
    expect(read).toEqual({
      method: 'item/commandExecution/requestApproval',
      codexThreadId: 't1',
      request: { kind: 'command', command: "/bin/bash -lc 'cat ~/.ssh/id_rsa'", cwd: '/home/ada/project', reason: 'to check the key' },
    });
  });

  it('drops the reason Forge’s own ask-first rule produces, and marks typing into a running command', () => {
    const read = readCodexApprovalRequest(
      'item/commandExecution/requestApproval',
      { threadId: 't1', kind: 'writeStdin', command: 'y', cwd: '/p', reason: `\`/bin/bash -lc pwd\` requires approval: ${askFirstJustification}` },
      noChanges,
    );
    expect(read?.request).toEqual({ kind: 'command', command: 'y', cwd: '/p', writesToRunningCommand: true });
  });

  it('reads a network approval as its own kind', () => {
    const read = readCodexApprovalRequest(
      'item/commandExecution/requestApproval',
      { threadId: 't1', command: 'curl https://example.com', cwd: '/p', networkApprovalContext: { host: 'example.com', protocol: 'https' } },
      noChanges,
    );
    expect(read?.request).toEqual({ kind: 'network', host: 'example.com', protocol: 'https', command: 'curl https://example.com', cwd: '/p' });
  });

  it('reads a legacy command, unwrapping the shell Codex adds and quoting other words', () => {
    expect(readCodexApprovalRequest('execCommandApproval', { conversationId: 'c1', command: ['bash', '-lc', 'ls -la'], cwd: '/p', reason: null }, noChanges)).toEqual({
      method: 'execCommandApproval',
      codexThreadId: 'c1',
      request: { kind: 'command', command: 'ls -la', cwd: '/p' },
    });
    expect(readCodexApprovalRequest('execCommandApproval', { conversationId: 'c1', command: ['rm', "it's here", '-rf'], cwd: '/p' }, noChanges)?.request).toEqual({
      kind: 'command',
      command: "rm 'it'\\''s here' -rf",
      cwd: '/p',
    });
  });

  it('fills a v2 file-change request from the item Codex announced, and reads the legacy patch map', () => {
    const changes = [{ path: '/p/a.txt', change: 'add' as const, diff: 'hello\n' }];
    const lookup = vi.fn((itemId: string) => (itemId === 'item-7' ? changes : undefined));
    expect(readCodexApprovalRequest('item/fileChange/requestApproval', { threadId: 't1', itemId: 'item-7', grantRoot: '/p' }, lookup)?.request).toEqual({
      kind: 'file-change',
      files: changes,
      grantRoot: '/p',
    });
    expect(
      readCodexApprovalRequest(
        'applyPatchApproval',
        { conversationId: 'c1', fileChanges: { '/p/b.txt': { type: 'update', unified_diff: '@@ -1 +1 @@', move_path: '/p/c.txt' }, '/p/d.txt': { type: 'delete', content: 'bye' } }, reason: null, grantRoot: null },
        lookup,
      )?.request,
    ).toEqual({
      kind: 'file-change',
      files: [
        { path: '/p/b.txt', change: 'update', movePath: '/p/c.txt', diff: '@@ -1 +1 @@' },
        { path: '/p/d.txt', change: 'delete', diff: 'bye' },
      ],
    });
  });

  it('describes a permissions request in words', () => {
    const read = readCodexApprovalRequest(
      'item/permissions/requestApproval',
      { threadId: 't1', cwd: '/p', reason: 'needs the cache', permissions: { network: { enabled: true }, fileSystem: { read: null, write: ['/home/me/.cache'] } } },
      noChanges,
    );
    expect(read?.request).toEqual({ kind: 'permissions', permissions: ['network access', 'write /home/me/.cache'], cwd: '/p', reason: 'needs the cache' });
  });

  it('is not about other server requests', () => {
    expect(readCodexApprovalRequest('item/tool/requestUserInput', { threadId: 't1' }, noChanges)).toBeUndefined();
  });

  it('answers in each method’s own shape, never approving for the session', () => {
    expect(codexApprovalResponse('item/commandExecution/requestApproval', 'allow-once')).toEqual({ decision: 'accept' });
    expect(codexApprovalResponse('item/fileChange/requestApproval', 'decline')).toEqual({ decision: 'decline' });
    expect(codexApprovalResponse('execCommandApproval', 'allow-once')).toEqual({ decision: 'approved' });
    expect(codexApprovalResponse('applyPatchApproval', 'decline')).toEqual({ decision: { denied: { rejection: declinedByUser } } });
    const asked = { permissions: { network: { enabled: true }, fileSystem: null } };
    expect(codexApprovalResponse('item/permissions/requestApproval', 'allow-once', asked)).toEqual({ permissions: { network: { enabled: true } }, scope: 'turn' });
    expect(codexApprovalResponse('item/permissions/requestApproval', 'decline', asked)).toEqual({ permissions: {}, scope: 'turn' });
  });
});

describe('routing approvals to the turn that asked', () => {
  function router() {
    let next = 0;
    const warnings: string[] = [];
    const created = createCodexApprovalRouter({ createId: () => `approval-${(next += 1)}`, logger: { debug: () => undefined, warn: (line) => warnings.push(line), error: () => undefined } });
    return { router: created, warnings };
  }

  it('holds the request until the turn answers, takes the first answer only', async () => {
    const { router: approvals } = router();
    const events: AgentTurnEvent[] = [];
    approvals.attach('t1', (event) => events.push(event));
    const answer = approvals.handle('item/commandExecution/requestApproval', { threadId: 't1', command: 'ls', cwd: '/p' });
    expect(events).toMatchObject([{ type: 'approval-request', approvalId: 'approval-1', request: { kind: 'command', command: 'ls', cwd: '/p' } }]);
    const settled = vi.fn();
    void answer?.then(settled);
    await Promise.resolve();
    expect(settled).not.toHaveBeenCalled();
    const [event] = events;
    if (event?.type !== 'approval-request') throw new Error('no approval');
    event.respond('allow-once');
    event.respond('decline');
    expect(await answer).toEqual({ decision: 'accept' });
  });

  it('declines what no running turn asked for, and what is waiting when the turn is cancelled, detached or closed', async () => {
    const { router: approvals, warnings } = router();
    expect(await approvals.handle('item/commandExecution/requestApproval', { threadId: 'nobody', command: 'ls', cwd: '/p' })).toEqual({ decision: 'decline' });
    expect(warnings).toEqual([expect.stringContaining('no running turn') as unknown]);

    const turn = approvals.attach('t1', () => undefined);
    const cancelled = approvals.handle('item/commandExecution/requestApproval', { threadId: 't1', command: 'ls', cwd: '/p' });
    turn.declinePending();
    expect(await cancelled).toEqual({ decision: 'decline' });
    const detached = approvals.handle('execCommandApproval', { conversationId: 't1', command: ['ls'], cwd: '/p' });
    turn.detach();
    expect(await detached).toEqual({ decision: { denied: { rejection: declinedByUser } } });
    expect(await approvals.handle('item/fileChange/requestApproval', { threadId: 't1', itemId: 'x' })).toEqual({ decision: 'decline' });

    approvals.attach('t2', () => undefined);
    const closing = approvals.handle('item/fileChange/requestApproval', { threadId: 't2', itemId: 'x' });
    approvals.declineAll();
    expect(await closing).toEqual({ decision: 'decline' });
  });

  it('lists the files of a change from its item, and forgets the item once completed', () => {
    const { router: approvals } = router();
    const events: AgentTurnEvent[] = [];
    approvals.attach('t1', (event) => events.push(event));
    const item = { type: 'fileChange', id: 'item-1', changes: [{ path: '/p/a.txt', kind: { type: 'update', move_path: null }, diff: '@@' }] };
    approvals.noteNotification('item/started', { threadId: 't1', item });
    void approvals.handle('item/fileChange/requestApproval', { threadId: 't1', itemId: 'item-1' });
    approvals.noteNotification('item/completed', { threadId: 't1', item });
    void approvals.handle('item/fileChange/requestApproval', { threadId: 't1', itemId: 'item-1' });
    expect(events.map((event) => (event.type === 'approval-request' ? event.request : undefined))).toEqual([
      { kind: 'file-change', files: [{ path: '/p/a.txt', change: 'update', diff: '@@' }] },
      { kind: 'file-change', files: [] },
    ]);
  });

  it('ignores what is not an approval', () => {
    expect(router().router.handle('currentTime/read', {})).toBeUndefined();
  });
});

describe('the tool settings of a Forge thread', () => {
  it('by default: no command tools, no environment, never asks, read-only, and the project cannot change it', () => {
    const settings = codexToolSettings({ agentTools: false, cwd: '/home/me/project' });
    expect(settings.thread).toMatchObject({ approvalPolicy: 'never', sandbox: 'read-only' });
    expect(settings.thread.config).toMatchObject({
      web_search: 'disabled',
      'features.shell_tool': false,
      'features.unified_exec': false,
      'features.view_image': false,
      'tools.experimental_request_user_input': { enabled: false },
      projects: { '/home/me/project': { trust_level: 'untrusted' }, '/home/me': { trust_level: 'untrusted' }, '/home': { trust_level: 'untrusted' }, '/': { trust_level: 'untrusted' } },
    });
    expect(settings.turn).toEqual({ approvalPolicy: 'never', environments: [] });
  });

  it('with agent tools: command tools on, every use asks, writes stay in the project', () => {
    const settings = codexToolSettings({ agentTools: true, cwd: '/home/me/project' });
    expect(settings.thread).toMatchObject({ approvalPolicy: 'untrusted', sandbox: 'workspace-write' });
    expect(settings.thread.config).not.toHaveProperty(['features.shell_tool']);
    expect(settings.thread.config).toMatchObject({ web_search: 'disabled', 'features.view_image': false });
    expect(settings.turn).toEqual({ approvalPolicy: 'untrusted', environments: [{ environmentId: 'local', cwd: '/home/me/project' }] });
  });

  it('writes one prompt rule naming every program Codex would otherwise run as read-only', () => {
    const rules = renderAskFirstRules();
    const rule = rules.split('\n').find((line) => line.startsWith('prefix_rule('));
    expect(rule).toBe(`prefix_rule(pattern=[${JSON.stringify(askFirstPrograms)}], decision="prompt", justification="${askFirstJustification}")`);
    for (const program of ['cat', 'ls', 'pwd', 'grep', 'rg', 'find', 'head', 'sed', 'bash']) expect(askFirstPrograms).toContain(program);
  });
});
