// Routes Codex's approval requests to the turn that caused them, as `approval-request` events,
// and holds each JSON-RPC request open until the user answers. Nothing is ever approved here:
// a request no turn is listening for, a turn that ends or is cancelled, and a backend that
// closes all answer "decline".
import type { AgentApprovalDecision, AgentFileChange, AgentTurnEvent } from '../agent-backend-spec.ts';
import type { AgentLogger } from '../agent-logger.ts';
import { codexApprovalResponse, fileChangesOfItem, readCodexApprovalRequest } from './codex-approvals.ts';

export interface TurnApprovals {
  /** Declines every request of this turn still waiting (cancel). The turn stays attached. */
  declinePending(): void;
  /** Declines what is still waiting and stops routing requests to this turn. */
  detach(): void;
}

export interface CodexApprovalRouter {
  /** Feeds every notification: file-change items carry the changes their approval request lacks. */
  noteNotification(method: string, params: unknown): void;
  /** The JSON-RPC result for an approval request, once answered; undefined when `method` is not one. */
  handle(method: string, params: unknown): Promise<unknown> | undefined;
  /** Routes the requests of one Codex thread to its running turn's event stream. */
  attach(codexThreadId: string, push: (event: AgentTurnEvent) => void): TurnApprovals;
  /** Declines everything waiting, in every turn (the backend is closing). */
  declineAll(): void;
}

export interface CodexApprovalRouterOptions {
  createId: () => string;
  logger: AgentLogger;
}

/** File-change items remembered at most (they are forgotten once completed). */
const maxRememberedItems = 256;

export function createCodexApprovalRouter({ createId, logger }: CodexApprovalRouterOptions): CodexApprovalRouter {
  const fileChanges = new Map<string, AgentFileChange[]>();
  const turns = new Map<string, { push: (event: AgentTurnEvent) => void; pending: Map<string, (decision: AgentApprovalDecision) => void> }>();

  function declineAllOf(pending: Map<string, (decision: AgentApprovalDecision) => void>): void {
    for (const answer of [...pending.values()]) answer('decline');
  }

  return {
    noteNotification(method, params) {
      const item = (params as { item?: { type?: unknown; id?: unknown } } | undefined)?.item;
      if (item?.type !== 'fileChange' || typeof item.id !== 'string') return;
      if (method === 'item/completed') {
        fileChanges.delete(item.id);
        return;
      }
      if (method !== 'item/started') return;
      if (fileChanges.size >= maxRememberedItems) fileChanges.delete(fileChanges.keys().next().value ?? '');
      fileChanges.set(item.id, fileChangesOfItem(item));
    },
    handle(method, params) {
      const asked = readCodexApprovalRequest(method, params, (itemId) => fileChanges.get(itemId));
      if (asked === undefined) return undefined;
      const turn = asked.codexThreadId === undefined ? undefined : turns.get(asked.codexThreadId);
      if (turn === undefined) {
        logger.warn(`Declined a Codex ${method} that no running turn asked for.`);
        return Promise.resolve(codexApprovalResponse(asked.method, 'decline', params));
      }
      const approvalId = createId();
      return new Promise<unknown>((resolve) => {
        const answer = (decision: AgentApprovalDecision): void => {
          if (!turn.pending.delete(approvalId)) return;
          resolve(codexApprovalResponse(asked.method, decision, params));
        };
        turn.pending.set(approvalId, answer);
        turn.push({ type: 'approval-request', approvalId, request: asked.request, respond: answer });
      });
    },
    attach(codexThreadId, push) {
      const turn = { push, pending: new Map<string, (decision: AgentApprovalDecision) => void>() };
      turns.set(codexThreadId, turn);
      return {
        declinePending: () => declineAllOf(turn.pending),
        detach() {
          if (turns.get(codexThreadId) === turn) turns.delete(codexThreadId);
          declineAllOf(turn.pending);
        },
      };
    },
    declineAll() {
      for (const turn of turns.values()) declineAllOf(turn.pending);
    },
  };
}
