// The images chosen for the next request ("Use in chat" in the Library), as removable chips
// above the composer. What the host does with them on send is its own business; this only
// shows them, says what happens to them, and lets each be removed.
import { CloseIcon } from '../icons/icons.tsx';

export interface ReferenceChip {
  relativePath: string;
  /** The file name, as text. */
  name: string;
  /** A small picture of it (a thumbnail URL). */
  thumbnailUrl?: string | undefined;
}

export interface ReferenceChipsProps {
  references: readonly ReferenceChip[];
  onRemove: (relativePath: string) => void;
  /** A line about what happens to them, e.g. that the model does not receive them yet. */
  note?: string | undefined;
}

export function ReferenceChips({ references, onRemove, note }: ReferenceChipsProps) {
  if (references.length === 0) return null;
  return (
    <div className="forge-references" role="group" aria-label="References for the next request">
      <ul className="forge-references__list">
        {references.map((reference) => (
          <li key={reference.relativePath} className="forge-reference" title={reference.relativePath}>
            {reference.thumbnailUrl !== undefined && <img className="forge-reference__image" src={reference.thumbnailUrl} alt="" draggable={false} />}
            <span className="forge-reference__name">{reference.name}</span>
            <button
              type="button"
              className="forge-reference__remove"
              aria-label={`Remove reference ${reference.name}`}
              title="Remove"
              onClick={() => onRemove(reference.relativePath)}
            >
              <CloseIcon />
            </button>
          </li>
        ))}
      </ul>
      {note !== undefined && <p className="forge-references__note">{note}</p>}
    </div>
  );
}
