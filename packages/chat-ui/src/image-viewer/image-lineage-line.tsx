// The viewer's "Refined from …" line: the image this one edits (a link that opens it, when it is
// in the conversation) and the references it was drawn from, by file name.
import type { CompletedImage } from '../chat-types.ts';

const nameOf = (relativePath: string): string => relativePath.split('/').at(-1) ?? relativePath;

export interface ImageLineageLineProps {
  image: CompletedImage;
  /** Opens the parent image (by its image part's id). */
  onOpen?: (imageId: string) => void;
}

export function ImageLineageLine({ image, onOpen }: ImageLineageLineProps) {
  const parents = image.derivedFrom ?? [];
  if (parents.length === 0) return null;
  const parent = parents.find((entry) => entry.role === 'parent');
  const references = parents.filter((entry) => entry.role === 'reference');
  return (
    <div className="forge-lineage">
      {parent !== undefined && (
        <p className="forge-lineage__line">
          Refined from{' '}
          {parent.imageId !== undefined && onOpen !== undefined ? (
            <button type="button" className="forge-lineage__link" title={parent.relativePath} onClick={() => onOpen(parent.imageId ?? '')}>
              {nameOf(parent.relativePath)}
            </button>
          ) : (
            <span className="forge-lineage__file" title={parent.relativePath}>
              {nameOf(parent.relativePath)}
            </span>
          )}
        </p>
      )}
      {references.length > 0 && (
        <p className="forge-lineage__line">
          {references.length === 1 ? 'Reference: ' : 'References: '}
          {references.map((reference, index) => (
            <span key={reference.relativePath} className="forge-lineage__file" title={reference.relativePath}>
              {index > 0 ? ', ' : ''}
              {nameOf(reference.relativePath)}
            </span>
          ))}
        </p>
      )}
    </div>
  );
}
