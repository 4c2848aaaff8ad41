// A memory write the agent proposes ("Proposed append to .forge/ASSETS.md"): the entry
// in a scrollable monospace preview, Approve / Edit / Reject, an inline editor, and the
// outcome once the host has applied or dropped it.
import { useId, useState } from 'react';

import type { ChatActions, ChatProposalPart } from '../chat-types.ts';
import { AlertIcon, CheckIcon, CloseIcon, FileIcon, SpinnerIcon } from '../icons/icons.tsx';

export interface ProposalCardProps {
  proposal: ChatProposalPart;
  actions?: ChatActions | undefined;
}

function outcomeText(proposal: ChatProposalPart): string {
  return proposal.operation === 'append' ? `Added to ${proposal.file}` : `Replaced ${proposal.file}`;
}

export function ProposalCard({ proposal, actions }: ProposalCardProps) {
  const titleId = useId();
  const editorId = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const [savedBody, setSavedBody] = useState<string | null>(null);
  const body = savedBody ?? proposal.body;
  const decidable = proposal.status === 'pending' || proposal.status === 'failed';
  const busy = proposal.status === 'applying';
  const editing = draft !== null && decidable;

  return (
    <section className="forge-proposal" aria-labelledby={titleId} data-status={proposal.status}>
      <header className="forge-proposal__header">
        <span className="forge-proposal__icon">
          <FileIcon />
        </span>
        <h3 id={titleId} className="forge-proposal__title">
          Proposed {proposal.operation} to <span className="forge-proposal__file">{proposal.file}</span>
        </h3>
      </header>

      {editing ? (
        <div className="forge-proposal__editor">
          <label htmlFor={editorId} className="forge-visually-hidden">
            Edit entry
          </label>
          <textarea
            id={editorId}
            className="forge-proposal__textarea"
            value={draft}
            spellCheck={false}
            autoFocus
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') {
                event.preventDefault();
                setDraft(null);
              }
            }}
          />
        </div>
      ) : (
        <pre className="forge-proposal__body" tabIndex={0} aria-label={`Entry for ${proposal.file}`}>
          {body}
        </pre>
      )}

      <footer className="forge-proposal__footer">
        <p className="forge-proposal__status" role="status">
          {proposal.status === 'pending' && proposal.operation === 'overwrite' && (
            <span className="forge-proposal__warning">Replaces the whole file</span>
          )}
          {proposal.status === 'applying' && (
            <>
              <SpinnerIcon /> Applying…
            </>
          )}
          {proposal.status === 'approved' && (
            <span className="forge-proposal__outcome forge-proposal__outcome--approved">
              <CheckIcon /> {outcomeText(proposal)}
            </span>
          )}
          {proposal.status === 'rejected' && (
            <span className="forge-proposal__outcome forge-proposal__outcome--rejected">
              <CloseIcon /> Rejected
            </span>
          )}
          {proposal.status === 'failed' && (
            <span className="forge-proposal__outcome forge-proposal__outcome--failed">
              <AlertIcon /> Couldn't write {proposal.file}
              {proposal.error !== undefined && proposal.error !== '' ? `: ${proposal.error}` : ''}
            </span>
          )}
        </p>
        {(decidable || busy) &&
          (editing ? (
            <div className="forge-proposal__buttons">
              <button type="button" className="forge-button forge-button--small forge-button--ghost" onClick={() => setDraft(null)}>
                Discard
              </button>
              <button
                type="button"
                className="forge-button forge-button--small forge-button--primary"
                disabled={draft.trim() === ''}
                onClick={() => {
                  setSavedBody(draft);
                  setDraft(null);
                  actions?.onEdit?.(proposal.id, draft);
                }}
              >
                Save
              </button>
            </div>
          ) : (
            <div className="forge-proposal__buttons">
              {actions?.onReject && (
                <button
                  type="button"
                  className="forge-button forge-button--small forge-button--ghost"
                  disabled={busy}
                  onClick={() => actions.onReject?.(proposal.id)}
                >
                  Reject
                </button>
              )}
              {actions?.onEdit && (
                <button
                  type="button"
                  className="forge-button forge-button--small"
                  disabled={busy}
                  onClick={() => setDraft(body)}
                >
                  Edit
                </button>
              )}
              {actions?.onApprove && (
                <button
                  type="button"
                  className="forge-button forge-button--small forge-button--primary"
                  disabled={busy}
                  onClick={() => actions.onApprove?.(proposal.id)}
                >
                  Approve
                </button>
              )}
            </div>
          ))}
      </footer>
    </section>
  );
}
