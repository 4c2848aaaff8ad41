// What a finished image does not do of what was asked — a "transparent" image with no
// see-through pixel, a size the model ignored — said on the image, never hidden: the result is
// checked, not trusted.
import { AlertIcon } from '../icons/icons.tsx';

export function ImageWarnings({ warnings }: { warnings: readonly string[] }) {
  return (
    <ul className="forge-image-warnings" aria-label="Warnings about this image">
      {warnings.map((warning) => (
        <li key={warning} className="forge-image-warnings__item">
          <AlertIcon />
          <span>{warning}</span>
        </li>
      ))}
    </ul>
  );
}
