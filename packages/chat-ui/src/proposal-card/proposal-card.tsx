// A memory write the agent proposes ("Proposed append to .forge/ASSETS.md"). Compact by
// default — one line with the asset's file name and prompt, and Approve / Edit / Reject —
// and expandable to the entry rendered as Markdown (its hidden `forge-asset` marker never
// shown). Edit opens a small form: an asset entry's prompt and note (the host rewrites the
// entry, so its machine-readable part stays intact), or the whole text of any other proposal.
import { useId, useState } from 'react';

import type { ChatActions, ChatProposalEntry, ChatProposalPart } from '../chat-types.ts';
import { AlertIcon, CheckIcon, ChevronIcon, CloseIcon, FileIcon, SpinnerIcon } from '../icons/icons.tsx';
import { MessageText } from '../message-text/message-text.tsx';
import { ProposalEditForm, type ProposalDraft } from './proposal-edit-form.tsx';
import { summarizeProposal } from './proposal-summary.ts';

export interface ProposalCardProps {
  proposal: ChatProposalPart;
  actions?: ChatActions | undefined;
  /** Start expanded (the entry shown in full). Default: compact. */
  defaultExpanded?: boolean | undefined;
}

function outcomeText(proposal: ChatProposalPart): string {
  return proposal.operation === 'append' ? `Added to ${proposal.file}` : `Replaced ${proposal.file}`;
}

function Outcome({ proposal }: { proposal: ChatProposalPart }) {
  switch (proposal.status) {
    case 'pending':
      return proposal.operation === 'overwrite' ? <span className="forge-proposal__warning">Replaces the whole file</span> : null;
    case 'applying':
      return (
        <>
          <SpinnerIcon /> Applying…
        </>
      );
    case 'approved':
      return (
        <span className="forge-proposal__outcome forge-proposal__outcome--approved">
          <CheckIcon /> {outcomeText(proposal)}
        </span>
      );
    case 'rejected':
      return (
        <span className="forge-proposal__outcome forge-proposal__outcome--rejected">
          <CloseIcon /> Rejected
        </span>
      );
    case 'failed':
      return (
        <span className="forge-proposal__outcome forge-proposal__outcome--failed">
          <AlertIcon /> Couldn't write {proposal.file}
          {proposal.error !== undefined && proposal.error !== '' ? `: ${proposal.error}` : ''}
        </span>
      );
    default:
      return proposal.status satisfies never;
  }
}

export function ProposalCard({ proposal, actions, defaultExpanded = false }: ProposalCardProps) {
  const titleId = useId();
  const bodyId = useId();
  const [expanded, setExpanded] = useState(defaultExpanded);
  const [draft, setDraft] = useState<ProposalDraft | null>(null);
  // What the person saved, shown until the host sends the proposal back as applied.
  const [savedBody, setSavedBody] = useState<string | null>(null);
  const [savedEntry, setSavedEntry] = useState<ChatProposalEntry | null>(null);
  const body = savedBody ?? proposal.body;
  const entry = savedEntry ?? proposal.entry;
  const decidable = proposal.status === 'pending' || proposal.status === 'failed';
  const busy = proposal.status === 'applying';
  const editing = draft !== null && decidable;
  const open = expanded || editing;
  const summary = summarizeProposal(proposal, entry);
  const fileName = proposal.file.split('/').at(-1) ?? proposal.file;

  const startEditing = () =>
    setDraft(entry !== undefined ? { kind: 'entry', prompt: entry.prompt, note: entry.note ?? '' } : { kind: 'body', body });

  const save = (saved: ProposalDraft) => {
    setDraft(null);
    if (saved.kind === 'entry') {
      const note = saved.note.trim() === '' ? {} : { note: saved.note };
      if (entry !== undefined) setSavedEntry({ file: entry.file, prompt: saved.prompt, ...note });
      actions?.onEdit?.(proposal.id, { prompt: saved.prompt, note: saved.note });
    } else {
      setSavedBody(saved.body);
      actions?.onEdit?.(proposal.id, { body: saved.body });
    }
  };

  const decisionButtons = (decidable || busy) && (
    <div className="forge-proposal__buttons">
      {actions?.onReject && (
        <button type="button" className="forge-button forge-button--small forge-button--ghost" disabled={busy} onClick={() => actions.onReject?.(proposal.id)}>
          Reject
        </button>
      )}
      {actions?.onEdit && (
        <button type="button" className="forge-button forge-button--small" disabled={busy} onClick={startEditing}>
          Edit
        </button>
      )}
      {actions?.onApprove && (
        <button type="button" className="forge-button forge-button--small forge-button--primary" disabled={busy} onClick={() => actions.onApprove?.(proposal.id)}>
          Approve
        </button>
      )}
    </div>
  );

  return (
    <section className="forge-proposal" aria-labelledby={titleId} data-status={proposal.status} data-expanded={open || undefined}>
      <header className="forge-proposal__header">
        <button
          type="button"
          className="forge-proposal__toggle"
          aria-expanded={open}
          aria-controls={bodyId}
          aria-label={open ? 'Hide entry' : 'Show entry'}
          title={open ? 'Hide entry' : 'Show entry'}
          disabled={editing}
          onClick={() => setExpanded(!expanded)}
        >
          <ChevronIcon />
        </button>
        <span className="forge-proposal__icon">
          <FileIcon />
        </span>
        <h3 id={titleId} className="forge-proposal__title" title={`Proposed ${proposal.operation} to ${proposal.file}`}>
          {open ? (
            <>
              Proposed {proposal.operation} to <span className="forge-proposal__file">{proposal.file}</span>
            </>
          ) : (
            // Compact, only the file's name shows (the line keeps room for the prompt); the full title is read out.
            <>
              <span className="forge-visually-hidden">{`Proposed ${proposal.operation} to ${proposal.file}`}</span>
              <span className="forge-proposal__file" aria-hidden="true">
                {fileName}
              </span>
            </>
          )}
        </h3>
        {!open && (
          <p className="forge-proposal__summary" title={summary.text} onClick={() => setExpanded(true)}>
            {summary.name !== undefined && <span className="forge-proposal__asset">{summary.name}</span>}
            <span className="forge-proposal__prompt">{summary.text}</span>
          </p>
        )}
        {!open && proposal.status !== 'failed' && (
          <div className="forge-proposal__inline-status" role="status">
            <Outcome proposal={proposal} />
          </div>
        )}
        {!open && decisionButtons}
      </header>
      {/* A failure is worth its own line, even compact: it says what to fix. */}
      {!open && proposal.status === 'failed' && (
        <p className="forge-proposal__failure" role="status">
          <Outcome proposal={proposal} />
        </p>
      )}

      {editing ? (
        <ProposalEditForm draft={draft} file={proposal.file} onChange={setDraft} onDiscard={() => setDraft(null)} onSave={save} id={bodyId} />
      ) : (
        open && (
          <div id={bodyId} className="forge-proposal__body" tabIndex={0} aria-label={`Entry for ${proposal.file}`}>
            <MessageText text={body} hideComments onCopyText={actions?.onCopyText} />
          </div>
        )
      )}

      {open && !editing && (
        <footer className="forge-proposal__footer">
          <p className="forge-proposal__status" role="status">
            <Outcome proposal={proposal} />
          </p>
          {decisionButtons}
        </footer>
      )}
    </section>
  );
}
