// Storybook for the chat UI: stories live beside chat-ui's components, docs pages here.
// Vite resolves the `@forge/source` condition so stories run chat-ui's src, not dist.
import type { StorybookConfig } from '@storybook/react-vite';
import { defaultClientConditions, mergeConfig } from 'vite';

const config: StorybookConfig = {
  stories: ['../docs/*.mdx', '../../../packages/chat-ui/src/**/*.stories.tsx'],
  addons: ['@storybook/addon-docs', '@storybook/addon-vitest'],
  framework: { name: '@storybook/react-vite', options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  viteFinal: (viteConfig) =>
    mergeConfig(viteConfig, {
      resolve: { conditions: ['@forge/source', ...defaultClientConditions], dedupe: ['react', 'react-dom'] },
      build: { chunkSizeWarningLimit: 2048 },
    }),
};

export default config;
