// What the offline agent knows without a model: short answers to the questions Forge users
// ask about game and app images, and how to connect a real model. Topics are found by
// keyword rules over the normalised message, most specific first; the answers are Markdown.
export type OfflineTopic =
  | 'sprite-vs-texture'
  | 'sprite-sheet'
  | 'walk-cycle'
  | 'concept-art'
  | 'ui-states'
  | 'transparency'
  | 'image-sizes'
  | 'file-formats'
  | 'pixel-art'
  | 'tileset'
  | 'sprite'
  | 'texture'
  | 'connect'
  | 'capabilities';

const topicRules: ReadonlyArray<readonly [(text: string) => boolean, OfflineTopic]> = [
  [(text) => /\bsprites?\b/.test(text) && /\btextures?\b/.test(text), 'sprite-vs-texture'],
  [(text) => /\b(sprite[-\s]?sheets?|spritesheets?|sprite atlas(es)?|texture atlas(es)?|sprite strips?)\b/.test(text), 'sprite-sheet'],
  [(text) => /\b(walk|walking|run|running|idle|jump|animation)[-\s]cycles?\b|\bwalk(ing)? animation\b|\banimat(e|ing) (a )?(walk|character|sprite)/.test(text), 'walk-cycle'],
  [(text) => /\bconcept[-\s]?art\b/.test(text), 'concept-art'],
  [(text) => /\b(button|ui|component|interaction|hover|pressed|disabled|focus(ed)?) states?\b|\bstates? (of|for) (a |the )?(button|ui|component)\b|\bbuttons?\b.*\bstates?\b|\bhover\b/.test(text), 'ui-states'],
  [(text) => /\b(transparen(t|cy)|alpha( channel)?|remove the background|no background|background removal|cut ?out)\b/.test(text), 'transparency'],
  [(text) => /\b(pixel[-\s]art)\b/.test(text), 'pixel-art'],
  [(text) => /\b(tile ?sets?|tile ?maps?|tiles?)\b/.test(text), 'tileset'],
  [(text) => /\b(sizes?|resolutions?|dimensions?|aspect ratios?|how big|how large|pixels?|1024|1536|4k)\b/.test(text), 'image-sizes'],
  [(text) => /\b(png|jpe?g|webp|file formats?|formats?)\b/.test(text), 'file-formats'],
  [(text) => /\bsprites?\b/.test(text), 'sprite'],
  [(text) => /\btextures?\b/.test(text), 'texture'],
  [(text) => /\b(api key|openai|chat ?gpt|codex|real model|connect|sign(ed)? in|log ?in|offline|online|(better|higher|full) quality|gpt)\b/.test(text), 'connect'],
  [(text) => /\b(what can you do|who are you|what are you|help|how does (this|forge) work|how do i use|what is forge|forge)\b/.test(text), 'capabilities'],
];

/** The topic a normalised (lower-case) message is about, if the offline agent knows it. */
export function topicOf(text: string): OfflineTopic | undefined {
  return topicRules.find(([matches]) => matches(text))?.[1];
}

export const connectAnswer =
  'Forge is running **offline**, so it answers from a small built-in guide and draws simple previews. For real answers and full-quality images, connect a model in **Settings → Account**: sign in with ChatGPT (your plan pays) or use an OpenAI API key.';

const answers: Readonly<Record<OfflineTopic, string>> = {
  'sprite-vs-texture':
    'A **sprite** is a 2D image drawn on screen as an object of its own (a character, a coin, an icon), usually with a transparent background and often animated frame by frame. A **texture** is image data wrapped onto a surface: the skin of a 3D model, a tiled floor, a material. Engines store sprites as textures too, but a texture is the pixels while a sprite is a thing placed in the scene.',
  'sprite-sheet':
    'A **sprite sheet** is one image holding many sprites or animation frames laid out on a grid (or a strip), so the game loads a single file and shows one cell at a time.\n\n- Every frame has the same size, with the character at the same spot (the pivot).\n- The background is transparent (PNG with alpha).\n- A frame count and frame rate (e.g. 8 frames at 12 fps) turn the cells into an animation.\n\nAsk me to *make a sprite sheet of a four-frame walk cycle* for a preview.',
  'walk-cycle':
    'A **walk cycle** is a looping animation of one full stride, in which each leg steps once. Start from four key poses:\n\n1. **Contact**: the front heel touches the ground, legs apart.\n2. **Down**: the body dips as the weight lands.\n3. **Passing**: the back leg swings past the standing leg; the body is highest.\n4. **Up**: pushing off the toes.\n\nMirror them for the other leg (8 frames), swing the arms opposite to the legs, and keep the feet sliding at a constant speed. 8–12 frames at 12 fps reads well in games.',
  'concept-art':
    '**Concept art** explores how something could look before it is built: silhouettes, mood, colour and composition, not finished detail. Designers make many quick variations (thumbnails), pick the strongest shapes, then refine. A clear silhouette, a limited palette and one focal point matter more than polish.',
  'ui-states':
    'Interactive UI elements show their **state** so people know what will happen:\n\n- **Default**: at rest.\n- **Hover**: the pointer is over it (often lighter or raised).\n- **Pressed / Active**: being clicked (darker, pushed in).\n- **Focused**: reached by keyboard; needs a visible focus ring.\n- **Disabled**: not available (low contrast, no pointer feedback).\n\nKeep the size and label the same across states so nothing jumps. Ask me to *mock up a button in three states* for a preview.',
  transparency:
    'A **transparent background** means the pixels around the subject have alpha 0, so it can sit on any background in a game or app. Use PNG or WebP (JPEG has no alpha). Sprites, icons and UI parts are usually exported this way; concept art and screenshots usually are not.',
  'image-sizes':
    'Common image sizes: square **1024×1024**, landscape **1536×1024**, portrait **1024×1536**. For sprites, pick a frame size that divides evenly (32, 64, 128 px) and keep every frame the same size. Generate larger than you need and scale down; scaling pixel art up should use nearest-neighbour so it stays crisp.',
  'file-formats':
    '**PNG** is lossless and keeps transparency: the choice for sprites, icons and UI. **JPEG** is smaller for photos and paintings but has no alpha and blurs hard edges. **WebP** does both (lossy or lossless, with alpha) and is well supported by browsers and engines.',
  'pixel-art':
    '**Pixel art** is drawn at a small resolution (often 16–64 px per sprite) with a limited palette, every pixel placed on purpose. Scale it by whole numbers with nearest-neighbour filtering, avoid anti-aliased edges, and keep outlines one pixel wide.',
  tileset:
    'A **tileset** is a sheet of equally sized tiles (e.g. 16×16 or 32×32) that a level editor assembles into maps. Tiles must line up seamlessly at their edges, and a set usually includes corners, edges and transitions between terrains.',
  sprite:
    'A **sprite** is a 2D image used as an object in a game or app (a character, an item, an effect), usually with a transparent background. Animated sprites are stored as frames on a **sprite sheet**.',
  texture:
    'A **texture** is an image applied to a surface: the colour, roughness or normal detail of a 3D model, or a repeating pattern for floors and walls. Textures that tile should have matching edges, and sizes in powers of two (256, 512, 1024) suit most engines.',
  connect: connectAnswer,
  capabilities:
    'I am Forge’s offline assistant. I can answer short questions about sprites, sprite sheets, walk cycles, concept art, UI states, transparency and image sizes, and I draw offline previews when you ask for a picture, for example:\n\n- *Generate concept art for a steampunk airship.*\n- *Mock up a UI button in three states.*\n- *Make me a sprite sheet reference for a four-frame walk cycle.*',
};

/** The answer for a topic. */
export function answerFor(topic: OfflineTopic): string {
  return answers[topic];
}
