// The Edit form of a proposal card. An asset entry offers only what a person may change — its
// prompt and a note — because the host rewrites the entry around them; any other proposal is
// edited as text. Escape or Discard drops the edit; Save hands it to the host.
import { useId } from 'react';

export type ProposalDraft = { kind: 'entry'; prompt: string; note: string } | { kind: 'body'; body: string };

export interface ProposalEditFormProps {
  id: string;
  draft: ProposalDraft;
  /** The memory file, for the text editor's name. */
  file: string;
  onChange: (draft: ProposalDraft) => void;
  onDiscard: () => void;
  onSave: (draft: ProposalDraft) => void;
}

export function ProposalEditForm({ id, draft, file, onChange, onDiscard, onSave }: ProposalEditFormProps) {
  const promptId = useId();
  const noteId = useId();
  const bodyId = useId();
  const hintId = useId();
  const empty = draft.kind === 'entry' ? draft.prompt.trim() === '' : draft.body.trim() === '';

  return (
    <form
      id={id}
      className="forge-proposal__form"
      aria-label={`Edit the entry for ${file}`}
      onSubmit={(event) => {
        event.preventDefault();
        if (!empty) onSave(draft);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          onDiscard();
        }
      }}
    >
      {draft.kind === 'entry' ? (
        <>
          <label htmlFor={promptId} className="forge-proposal__label">
            Prompt
          </label>
          <textarea
            id={promptId}
            className="forge-proposal__field"
            value={draft.prompt}
            rows={2}
            autoFocus
            aria-invalid={empty || undefined}
            onChange={(event) => onChange({ ...draft, prompt: event.target.value })}
          />
          <label htmlFor={noteId} className="forge-proposal__label">
            Note
          </label>
          <textarea
            id={noteId}
            className="forge-proposal__field"
            value={draft.note}
            rows={2}
            placeholder="Anything to remember about this image (optional)"
            aria-describedby={hintId}
            onChange={(event) => onChange({ ...draft, note: event.target.value })}
          />
          <p id={hintId} className="forge-proposal__hint">
            The file, model, size and time stay as Forge recorded them.
          </p>
        </>
      ) : (
        <>
          <label htmlFor={bodyId} className="forge-visually-hidden">
            Edit entry
          </label>
          <textarea
            id={bodyId}
            className="forge-proposal__field forge-proposal__field--text"
            value={draft.body}
            spellCheck={false}
            autoFocus
            onChange={(event) => onChange({ kind: 'body', body: event.target.value })}
          />
        </>
      )}
      <div className="forge-proposal__form-buttons">
        <button type="button" className="forge-button forge-button--small forge-button--ghost" onClick={onDiscard}>
          Discard
        </button>
        <button type="submit" className="forge-button forge-button--small forge-button--primary" disabled={empty}>
          Save
        </button>
      </div>
    </form>
  );
}
