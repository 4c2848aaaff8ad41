// The first thing a new conversation shows: what Forge is for, and three example requests.
// Picking one fills the composer (the host wires `onPick` to the composer's `fill`) — it never
// sends, so the person can adjust it first.
import { type ReactNode, useId } from 'react';

import { SparkleIcon } from '../icons/icons.tsx';

export const exampleRequests = [
  'Generate concept art for a steampunk airship.',
  'Mock up a UI button in three states.',
  'Make me a sprite sheet reference for a four-frame walk cycle.',
] as const;

export interface EmptyStateProps {
  /** Called with the example's text when one is picked. */
  onPick: (text: string) => void;
  title?: string | undefined;
  /** A line or two under the title, e.g. where images are saved. */
  children?: ReactNode;
  examples?: readonly string[] | undefined;
}

export function EmptyState({ onPick, title = 'What should we make?', children, examples = exampleRequests }: EmptyStateProps) {
  const titleId = useId();
  return (
    <section className="forge-empty" aria-labelledby={titleId}>
      <span className="forge-empty__mark" aria-hidden="true">
        <SparkleIcon size={22} />
      </span>
      <h1 id={titleId} className="forge-empty__title">
        {title}
      </h1>
      {children !== undefined && <div className="forge-empty__description">{children}</div>}
      <ul className="forge-empty__examples" aria-label="Example requests">
        {examples.map((example) => (
          <li key={example}>
            <button type="button" className="forge-empty__example" onClick={() => onPick(example)}>
              {example}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
