// Sorts the model list an OpenAI-compatible server gives into what Forge can use: image models
// for the image tool, chat models for the agent, and the chat model to start with. The default
// is always one the server listed: a compatible server need not have OpenAI's newest model.
const imageModelPattern = /^(gpt-image|dall-e)/;

/** Models that answer no chat: embeddings, speech, transcription, moderation, images, legacy completions. */
const notChat = /(embed|whisper|tts|transcribe|audio|realtime|moderation|dall-e|gpt-image|image|davinci|babbage|gpt-3\.5-turbo-instruct|computer-use)/i;

/** Newest first: the default is the first of these the server lists. */
const preferredChatModels = ['gpt-5.5', 'gpt-5.4', 'gpt-5.2', 'gpt-5.1', 'gpt-5', 'gpt-5-mini', 'gpt-4.1', 'gpt-4o', 'gpt-4.1-mini', 'gpt-4o-mini'];

export function imageModelsOf(models: readonly string[]): string[] {
  return models.filter((model) => imageModelPattern.test(model)).sort();
}

export function chatModelsOf(models: readonly string[]): string[] {
  return models.filter((model) => !notChat.test(model)).sort();
}

/** The chat model to use when the user picked none: a known good one the server lists, else the first chat model it lists. */
export function defaultChatModel(models: readonly string[]): string | undefined {
  const chat = chatModelsOf(models);
  return preferredChatModels.find((model) => chat.includes(model)) ?? chat[0];
}
