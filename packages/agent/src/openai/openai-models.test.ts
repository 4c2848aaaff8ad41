import { describe, expect, it } from 'vitest';

import { chatModelsOf, defaultChatModel, imageModelsOf } from './openai-models.ts';

describe('sorting a server\'s model list', () => {
  const openai = ['whisper-1', 'gpt-image-2', 'gpt-5-mini', 'text-embedding-3-small', 'gpt-5', 'dall-e-3', 'tts-1', 'gpt-4o-realtime-preview', 'omni-moderation-latest', 'gpt-4o-mini-transcribe', 'gpt-5.5'];

  it('keeps only what can draw for the image tool', () => {
    expect(imageModelsOf(openai)).toEqual(['dall-e-3', 'gpt-image-2']);
  });

  it('keeps only what can chat for the agent', () => {
    expect(chatModelsOf(openai)).toEqual(['gpt-5', 'gpt-5-mini', 'gpt-5.5']);
  });

  it('starts on the newest known chat model the server lists', () => {
    expect(defaultChatModel(openai)).toBe('gpt-5.5');
    expect(defaultChatModel(['gpt-5-mini', 'gpt-4o'])).toBe('gpt-5-mini');
  });

  it('starts on a compatible server\'s own model when it lists none Forge knows', () => {
    expect(defaultChatModel(['qwen2.5-72b', 'llama-3.1-70b-instruct', 'nomic-embed-text'])).toBe('llama-3.1-70b-instruct');
    expect(defaultChatModel(['mistral-large'])).toBe('mistral-large');
  });

  it('has no default when nothing listed can chat', () => {
    expect(defaultChatModel([])).toBeUndefined();
    expect(defaultChatModel(['gpt-image-2', 'text-embedding-3-large', 'gpt-3.5-turbo-instruct'])).toBeUndefined();
  });
});
