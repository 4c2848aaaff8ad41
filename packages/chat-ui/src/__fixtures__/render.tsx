// Mounts a component into the test page and unmounts everything after each test,
// for vitest browser-mode tests (stories cover rendering; these cover behaviour).
import '../styles.css';

import type { ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach } from 'vitest';

const mounted: { root: Root; container: HTMLElement }[] = [];

export function render(ui: ReactNode): { container: HTMLElement; rerender: (next: ReactNode) => void } {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  flushSync(() => root.render(ui));
  mounted.push({ root, container });
  return { container, rerender: (next) => flushSync(() => root.render(next)) };
}

afterEach(() => {
  for (const { root, container } of mounted.splice(0)) {
    root.unmount();
    container.remove();
  }
});
