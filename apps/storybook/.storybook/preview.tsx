// Every story renders on the chat background with chat-ui's stylesheet; the toolbar's
// theme switch sets `data-forge-theme` like a host would.
import '@forge/chat-ui/styles.css';
import './preview.css';

import type { Preview } from '@storybook/react-vite';
import { useEffect } from 'react';

const preview = {
  parameters: {
    layout: 'fullscreen',
    controls: { expanded: true },
    options: { storySort: { order: ['Packages', 'Chat UI'] } },
  },
  globalTypes: {
    theme: {
      description: 'Colour theme',
      toolbar: {
        title: 'Theme',
        icon: 'mirror',
        items: [
          { value: 'system', title: 'System' },
          { value: 'light', title: 'Light' },
          { value: 'dark', title: 'Dark' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: 'system' },
  decorators: [
    (Story, context) => {
      const theme = String(context.globals.theme ?? 'system');
      useEffect(() => {
        if (theme === 'system') delete document.documentElement.dataset.forgeTheme;
        else document.documentElement.dataset.forgeTheme = theme;
      }, [theme]);
      return (
        <div className="storybook-frame">
          <Story />
        </div>
      );
    },
  ],
} satisfies Preview;

export default preview;
