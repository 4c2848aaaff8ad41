export { ChatTranscript } from './chat-transcript.tsx';
export type { ChatTranscriptProps } from './chat-transcript.tsx';
