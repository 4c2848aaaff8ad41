// The renderer's entry: mounts the app on whichever host it runs in.
import '@forge/chat-ui/styles.css';
import './app.css';

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './app.tsx';
import { connectToHost } from './forge-client.ts';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App host={connectToHost()} />
    </StrictMode>,
  );
}
