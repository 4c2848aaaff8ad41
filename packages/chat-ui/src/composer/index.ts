export { Composer } from './composer.tsx';
export type { ComposerHandle, ComposerProps } from './composer.tsx';
export type { ChatMode } from './mode-switch.tsx';
