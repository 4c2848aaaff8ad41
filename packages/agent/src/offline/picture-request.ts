// Decides, by rule, whether a message asks for a picture, and what to draw.
const pictureWords = [
  'generate', 'draw', 'paint', 'sketch', 'illustrate', 'render', 'mock up', 'mockup', 'mock-up', 'design',
  'sprite', 'sprite-sheet', 'sprite sheet', 'concept art', 'icon', 'logo', 'picture', 'image', 'illustration',
  'wallpaper', 'poster', 'portrait', 'thumbnail', 'banner', 'avatar', 'texture', 'storyboard', 'diagram',
];

const pattern = new RegExp(`\\b(${pictureWords.map((word) => word.replace(/[-\s]/g, '[-\\s]?')).join('|')})s?\\b`, 'i');

export function isPictureRequest(text: string): boolean {
  return pattern.test(text);
}

/** The prompt for the image: the request without a leading polite verb phrase. */
export function promptFromRequest(text: string): string {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  const stripped = trimmed
    .replace(/^(please\s+)?(can|could|would) you\s+/i, '')
    .replace(/^(please\s+)?(generate|draw|make|create|paint|sketch|render|design|mock up)\s+(me\s+)?/i, '')
    .replace(/[?.!]+$/, '');
  return stripped === '' ? trimmed : stripped.charAt(0).toUpperCase() + stripped.slice(1);
}
