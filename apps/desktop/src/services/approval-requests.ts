// The agent's approval requests in one chat: each becomes an approval card in its message and
// waits there for Allow once or Decline. Nothing is allowed here without the user's click; a
// turn that ends, a closed window and closing Forge decline what is still waiting.
import type { AgentApprovalDecision, AgentTurnEvent } from '@forge/agent';

import type { ChatApprovalPart, ChatMessageData } from '../contract/index.ts';

type ApprovalEvent = Extract<AgentTurnEvent, { type: 'approval-request' }>;

interface Waiting {
  part: ChatApprovalPart;
  message: ChatMessageData;
  respond: (decision: AgentApprovalDecision) => void;
}

export class UnknownApprovalError extends Error {
  override readonly name = 'UnknownApprovalError';
  readonly code = 'not_found';
  constructor(approvalId: string) {
    super(`That request (${approvalId}) is no longer waiting for an answer. Reload the chat.`);
  }
}

export class ApprovalRequests {
  private readonly waiting = new Map<string, Waiting>();
  private readonly answered = new Map<string, ChatMessageData>();

  /** Adds the card for `event` to `message` (the caller publishes the message). */
  add(message: ChatMessageData, event: ApprovalEvent): void {
    const part: ChatApprovalPart = { type: 'approval', id: event.approvalId, request: structuredClone(event.request), status: 'pending' };
    message.parts.push(part);
    this.waiting.set(event.approvalId, { part, message, respond: (decision) => event.respond(decision) });
  }

  /**
   * Gives the agent the user's answer and updates the card; returns its message. Answering a
   * card that is already answered changes nothing (a double click, two windows).
   */
  answer(approvalId: string, decision: AgentApprovalDecision): ChatMessageData {
    const waiting = this.waiting.get(approvalId);
    if (waiting === undefined) {
      const message = this.answered.get(approvalId);
      if (message === undefined) throw new UnknownApprovalError(approvalId);
      return message;
    }
    this.settle(approvalId, waiting, decision);
    return waiting.message;
  }

  /** Declines every card still waiting (of one message, or all); returns the messages it changed. */
  declineWaiting(messageId?: string): ChatMessageData[] {
    const changed = new Map<string, ChatMessageData>();
    for (const [approvalId, waiting] of [...this.waiting]) {
      if (messageId !== undefined && waiting.message.id !== messageId) continue;
      this.settle(approvalId, waiting, 'decline');
      changed.set(waiting.message.id, waiting.message);
    }
    return [...changed.values()];
  }

  private settle(approvalId: string, waiting: Waiting, decision: AgentApprovalDecision): void {
    this.waiting.delete(approvalId);
    this.answered.set(approvalId, waiting.message);
    waiting.part.status = decision === 'allow-once' ? 'allowed' : 'declined';
    waiting.respond(decision);
  }
}
