// What the offline backend draws: whether a message asks for a picture (message-intent.ts
// reads it) and the prompt for the image — the request without its polite wrapping.
import { classifyMessage } from './message-intent.ts';

export function isPictureRequest(text: string): boolean {
  return classifyMessage(text).kind === 'picture';
}

const opening =
  /^(?:(?:please|pls|plz|kindly|hey|hi|hello|ok(?:ay)?|so|now|alright|uh+|um+|hm+|well|forge|yo|also|and)\b[,!.:]*\s*)+/i;
const asking =
  /^(?:would you mind|(?:can|could|would|will) (?:you|u)(?: please| pls| kindly| maybe| also| just)?|i'?d like you to|i would like you to|i want you to|i need you to|go ahead and|let'?s|try to|is it possible to|would it be possible to|are you able to|just)\s+/i;
const wish = /^(?:i['’]?d like|i would like|i want|i need|i['’]?d love|i would love|gimme|can i (?:get|have|see)|could i (?:get|have|see)|may i (?:get|have|see))\s+/i;
const verb = /^(?:generate|draw|make|create|paint|sketch|render|design|mock[-\s]?up|illustrate|doodle|visuali[sz]e|produce|give|show|build|do)(?:ing)?\b\s*(?:me|us|for me)?\s+/i;
const closing = /(?:[\s,]+(?:please|pls|plz|thanks|thank you|lol|for me))+$|[?.!\s]+$/i;

/** The prompt for the image: the request without a leading polite verb phrase. */
export function promptFromRequest(text: string): string {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  let stripped = trimmed.replace(opening, '').replace(asking, '').replace(asking, '').replace(wish, '').replace(verb, '');
  for (let pass = 0; pass < 3; pass += 1) stripped = stripped.replace(closing, '');
  return stripped === '' ? trimmed : stripped.charAt(0).toUpperCase() + stripped.slice(1);
}

/**
 * The prompt for a message whose `request` sentence asked for the picture. A request that
 * points back ("make me one", "draw it") takes the whole message as its prompt.
 */
export function promptForMessage(text: string, request: string): string {
  const prompt = promptFromRequest(request);
  if (request.trim() !== text.trim() && /^(?:one|it|this|that|them|some|those|these)\b/i.test(prompt)) return promptFromRequest(text);
  return prompt;
}
