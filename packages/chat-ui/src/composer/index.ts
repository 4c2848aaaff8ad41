export { Composer } from './composer.tsx';
export type { ComposerProps } from './composer.tsx';
