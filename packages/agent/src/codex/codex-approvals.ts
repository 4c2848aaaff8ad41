// Codex's approval requests (JSON-RPC requests the app-server sends us) as Forge sees them: which
// thread asks, what it wants to do in plain data for the approval card, and the answer Codex
// expects for "allow once" or "decline". Pure: the backend routes the requests and waits for the user.
import type { AgentActionRequest, AgentApprovalDecision, AgentFileChange } from '../agent-backend-spec.ts';
import { askFirstJustification } from './codex-tool-config.ts';

type JsonObject = Record<string, unknown>;

function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The methods by which codex 0.169.0 asks before acting (v2 and the legacy v1 pair). */
export const codexApprovalMethods = [
  'item/commandExecution/requestApproval',
  'item/fileChange/requestApproval',
  'item/permissions/requestApproval',
  'execCommandApproval',
  'applyPatchApproval',
] as const;

export type CodexApprovalMethod = (typeof codexApprovalMethods)[number];

export function isCodexApprovalMethod(method: string): method is CodexApprovalMethod {
  return (codexApprovalMethods as readonly string[]).includes(method);
}

export interface CodexApprovalRequest {
  method: CodexApprovalMethod;
  /** The Codex thread that asks (`threadId`, or the legacy `conversationId`). */
  codexThreadId: string | undefined;
  request: AgentActionRequest;
}

/** A reason worth showing: not empty, and not the one Forge's own ask-first rule produced. */
function reasonOf(value: unknown): { reason?: string } {
  const reason = asString(value)?.trim();
  if (reason === undefined || reason === '' || reason.endsWith(askFirstJustification)) return {};
  return { reason };
}

function legacyCommand(command: unknown): string {
  if (!Array.isArray(command)) return '';
  const words = command.filter((word): word is string => typeof word === 'string');
  // Codex wraps commands as `bash -lc '<script>'`: the script is what the agent wrote.
  if (words.length === 3 && /(^|\/)(ba|z)?sh$/.test(words[0] ?? '') && /^-l?c$/.test(words[1] ?? '')) return words[2] ?? '';
  return words.map((word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`)).join(' ');
}

function changeKind(kind: unknown): { change: AgentFileChange['change']; movePath?: string } {
  const record = asObject(kind);
  const type = asString(record?.type) ?? asString(kind);
  if (type === 'add' || type === 'delete') return { change: type };
  const movePath = asString(record?.move_path);
  return { change: 'update', ...(movePath === undefined ? {} : { movePath }) };
}

/** The changes of a v2 `fileChange` item (`{ path, kind, diff }[]`). */
export function fileChangesOfItem(item: unknown): AgentFileChange[] {
  const changes = asObject(item)?.changes;
  if (!Array.isArray(changes)) return [];
  return changes.flatMap((entry) => {
    const change = asObject(entry);
    const filePath = asString(change?.path);
    if (filePath === undefined) return [];
    const diff = asString(change?.diff);
    return [{ path: filePath, ...changeKind(change?.kind), ...(diff === undefined || diff === '' ? {} : { diff }) }];
  });
}

/** The legacy `applyPatchApproval` map `{ path: { type, content | unified_diff, move_path } }`. */
function legacyFileChanges(fileChanges: unknown): AgentFileChange[] {
  const record = asObject(fileChanges) ?? {};
  return Object.entries(record).map(([filePath, value]) => {
    const change = asObject(value);
    const diff = asString(change?.unified_diff) ?? asString(change?.content);
    return { path: filePath, ...changeKind(change), ...(diff === undefined || diff === '' ? {} : { diff }) };
  });
}

function permissionWords(permissions: unknown): string[] {
  const profile = asObject(permissions);
  const words: string[] = [];
  if (asObject(profile?.network)?.enabled === true) words.push('network access');
  const fileSystem = asObject(profile?.fileSystem);
  for (const [access, label] of [['read', 'read'], ['write', 'write']] as const) {
    const paths = fileSystem?.[access];
    if (Array.isArray(paths)) for (const entry of paths) if (typeof entry === 'string') words.push(`${label} ${entry}`);
  }
  const entries = fileSystem?.entries;
  if (Array.isArray(entries)) for (const entry of entries) words.push(`file access ${JSON.stringify(entry)}`);
  return words;
}

/**
 * Reads one approval request. `fileChanges` looks up the changes of a v2 `fileChange` item by id
 * (Codex sends them with the item, not with the request). Undefined for methods that are not approvals.
 */
export function readCodexApprovalRequest(method: string, params: unknown, fileChanges: (itemId: string) => AgentFileChange[] | undefined): CodexApprovalRequest | undefined {
  if (!isCodexApprovalMethod(method)) return undefined;
  const body = asObject(params) ?? {};
  const codexThreadId = asString(body.threadId) ?? asString(body.conversationId);
  switch (method) {
    case 'item/commandExecution/requestApproval': {
      const command = asString(body.command) ?? '';
      const cwd = asString(body.cwd) ?? '';
      const network = asObject(body.networkApprovalContext);
      const host = asString(network?.host);
      if (host !== undefined) {
        return {
          method,
          codexThreadId,
          request: { kind: 'network', host, protocol: asString(network?.protocol) ?? 'https', ...(command === '' ? {} : { command }), ...(cwd === '' ? {} : { cwd }), ...reasonOf(body.reason) },
        };
      }
      return {
        method,
        codexThreadId,
        request: { kind: 'command', command, cwd, ...reasonOf(body.reason), ...(body.kind === 'writeStdin' ? { writesToRunningCommand: true } : {}) },
      };
    }
    case 'execCommandApproval':
      return { method, codexThreadId, request: { kind: 'command', command: legacyCommand(body.command), cwd: asString(body.cwd) ?? '', ...reasonOf(body.reason) } };
    case 'item/fileChange/requestApproval': {
      const grantRoot = asString(body.grantRoot);
      return {
        method,
        codexThreadId,
        request: { kind: 'file-change', files: fileChanges(asString(body.itemId) ?? '') ?? [], ...reasonOf(body.reason), ...(grantRoot === undefined ? {} : { grantRoot }) },
      };
    }
    case 'applyPatchApproval': {
      const grantRoot = asString(body.grantRoot);
      return {
        method,
        codexThreadId,
        request: { kind: 'file-change', files: legacyFileChanges(body.fileChanges), ...reasonOf(body.reason), ...(grantRoot === undefined ? {} : { grantRoot }) },
      };
    }
    case 'item/permissions/requestApproval': {
      const cwd = asString(body.cwd);
      return { method, codexThreadId, request: { kind: 'permissions', permissions: permissionWords(body.permissions), ...(cwd === undefined ? {} : { cwd }), ...reasonOf(body.reason) } };
    }
    default:
      return method satisfies never;
  }
}

/** What the agent reads when the user declines a legacy request. */
export const declinedByUser = 'The user declined this in Forge. Do not try it another way; ask them instead.';

/** The JSON-RPC result that gives Codex the user's answer, in the shape each method expects. */
export function codexApprovalResponse(method: CodexApprovalMethod, decision: AgentApprovalDecision, params?: unknown): unknown {
  const allow = decision === 'allow-once';
  switch (method) {
    case 'item/commandExecution/requestApproval':
    case 'item/fileChange/requestApproval':
      // Never `acceptForSession` or a policy amendment: one Allow runs one thing once.
      return { decision: allow ? 'accept' : 'decline' };
    case 'execCommandApproval':
    case 'applyPatchApproval':
      return { decision: allow ? 'approved' : { denied: { rejection: declinedByUser } } };
    case 'item/permissions/requestApproval': {
      const requested = asObject(asObject(params)?.permissions) ?? {};
      const granted = Object.fromEntries(Object.entries(requested).filter(([, value]) => value !== null));
      return { permissions: allow ? granted : {}, scope: 'turn' };
    }
    default:
      return method satisfies never;
  }
}
