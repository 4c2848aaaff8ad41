// Every ChatActions callback as a Storybook spy, so play functions can assert calls.
import { fn } from 'storybook/test';

import type { DragEvent } from 'react';

import type { ChatApprovalDecision, CompletedImage, ProposalEdit } from '../chat-types.ts';

export function mockActions() {
  return {
    onCancelImage: fn<(imageId: string) => void>().mockName('onCancelImage'),
    onRetryImage: fn<(imageId: string) => void>().mockName('onRetryImage'),
    onRegenerateImage: fn<(imageId: string) => void>().mockName('onRegenerateImage'),
    onRetryTurn: fn<(messageId: string) => void>().mockName('onRetryTurn'),
    onSaveAs: fn<(image: CompletedImage) => void>().mockName('onSaveAs'),
    onCopyImage: fn<(image: CompletedImage) => Promise<void>>(async () => {}).mockName('onCopyImage'),
    onCopyPath: fn<(image: CompletedImage) => Promise<void>>(async () => {}).mockName('onCopyPath'),
    onShowInFolder: fn<(image: CompletedImage) => void>().mockName('onShowInFolder'),
    onDragStart: fn<(image: CompletedImage, event: DragEvent) => void>().mockName('onDragStart'),
    onApprove: fn<(proposalId: string) => void>().mockName('onApprove'),
    onEdit: fn<(proposalId: string, edit: ProposalEdit) => void>().mockName('onEdit'),
    onReject: fn<(proposalId: string) => void>().mockName('onReject'),
    onAnswerApproval: fn<(approvalId: string, decision: ChatApprovalDecision) => void>().mockName('onAnswerApproval'),
    onCopyText: fn<(text: string) => Promise<void>>(async () => {}).mockName('onCopyText'),
  };
}
