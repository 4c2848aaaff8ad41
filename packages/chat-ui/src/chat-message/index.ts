export { ChatMessage } from './chat-message.tsx';
export type { ChatMessageProps } from './chat-message.tsx';
