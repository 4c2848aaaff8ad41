// The user's turn as the Responses API takes it: the words, then each image as an `input_image`
// part (a base64 data URL), with a note for the model saying what each image is for (refine the
// first, draw from the others) and how many variants were asked for. The hosted image tool then
// edits the image it was handed (its multi-turn editing); the composer's size, quality and
// background go on the tool itself.
import type { AgentImageOptions, AgentTurnInput } from '../agent-backend-spec.ts';

type ContentPart = { type: 'input_text'; text: string } | { type: 'input_image'; image_url: string; detail: 'auto' };
export type ResponseInputItem = { role: 'user' | 'assistant'; content: string | ContentPart[] };

/** Forge's notes to the model start `[Forge]`, so they read as the host's, not the user's words. */
function notesFor(input: AgentTurnInput): string[] {
  const notes: string[] = [];
  const images = input.images ?? [];
  const parent = images.find((image) => image.role === 'parent');
  const references = images.filter((image) => image.role === 'reference').length;
  if (parent !== undefined) notes.push('[Forge] The first attached image is the one the user wants refined: edit it with the image_generation tool as the words ask, keeping what they do not change.');
  if (references > 0) notes.push(`[Forge] ${references === 1 ? 'An attached image is a reference' : `${references} attached images are references`} to draw from.`);
  const count = input.imageOptions?.count;
  if (count !== undefined && count > 1) notes.push(`[Forge] Draw ${count} variants: call the image_generation tool ${count} times.`);
  return notes;
}

/** The words alone when there is nothing else; otherwise the words, the notes and the images as parts. */
export function userContent(input: AgentTurnInput): string | ContentPart[] {
  const notes = notesFor(input);
  const images = [...(input.images ?? [])].sort((a, b) => (a.role === b.role ? 0 : a.role === 'parent' ? -1 : 1));
  if (notes.length === 0 && images.length === 0) return input.text;
  return [
    { type: 'input_text', text: input.text },
    ...notes.map((text): ContentPart => ({ type: 'input_text', text })),
    ...images.map((image): ContentPart => ({ type: 'input_image', image_url: `data:${image.mediaType};base64,${Buffer.from(image.bytes).toString('base64')}`, detail: 'auto' })),
  ];
}

/** The composer's choices as the hosted image tool's fields. */
export function toolOptions(options: AgentImageOptions | undefined): { size?: 'auto'; quality?: 'auto' | 'low' | 'medium' | 'high'; background?: 'auto' | 'opaque' | 'transparent' } {
  if (options === undefined) return {};
  return {
    // The SDK types list the fixed sizes; a custom `WxH` goes through as the API takes it.
    ...(options.size === undefined ? {} : { size: options.size as 'auto' }),
    ...(options.quality === undefined ? {} : { quality: options.quality }),
    ...(options.background === undefined ? {} : { background: options.background }),
  };
}
