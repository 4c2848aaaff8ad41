export { MessageText } from './message-text.tsx';
export type { MessageTextProps } from './message-text.tsx';
