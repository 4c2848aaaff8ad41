// Real PNGs for stories and tests, drawn on a canvas when the module loads (browser only):
// a deterministic sky, sun, hills and airship so every screenshot looks the same.
interface Palette {
  skyTop: string;
  skyBottom: string;
  sun: string;
  hills: [string, string, string];
  ship: string;
}

const dusk: Palette = {
  skyTop: '#1e1b4b',
  skyBottom: '#f97316',
  sun: '#fde68a',
  hills: ['#7c2d12', '#431407', '#1c0a03'],
  ship: '#0f172a',
};

const morning: Palette = {
  skyTop: '#0ea5e9',
  skyBottom: '#e0f2fe',
  sun: '#fef9c3',
  hills: ['#4d7c0f', '#365314', '#1a2e05'],
  ship: '#334155',
};

function drawPicture(width: number, height: number, palette: Palette, withShip = true): string {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (context === null) throw new Error('2D canvas is not available');

  const sky = context.createLinearGradient(0, 0, 0, height);
  sky.addColorStop(0, palette.skyTop);
  sky.addColorStop(1, palette.skyBottom);
  context.fillStyle = sky;
  context.fillRect(0, 0, width, height);

  context.fillStyle = palette.sun;
  context.beginPath();
  context.arc(width * 0.72, height * 0.58, Math.min(width, height) * 0.16, 0, Math.PI * 2);
  context.fill();

  palette.hills.forEach((color, index) => {
    const base = height * (0.68 + index * 0.1);
    context.fillStyle = color;
    context.beginPath();
    context.moveTo(0, height);
    for (let x = 0; x <= width; x += width / 16) {
      const y = base - Math.sin(x / width * Math.PI * (2 + index) + index) * height * 0.05;
      context.lineTo(x, y);
    }
    context.lineTo(width, height);
    context.closePath();
    context.fill();
  });

  if (withShip) {
    const centerX = width * 0.36;
    const centerY = height * 0.3;
    const length = width * 0.34;
    context.fillStyle = palette.ship;
    context.beginPath();
    context.ellipse(centerX, centerY, length / 2, length / 7, 0, 0, Math.PI * 2);
    context.fill();
    context.fillRect(centerX - length * 0.12, centerY + length / 7, length * 0.24, length * 0.07);
    context.beginPath();
    context.moveTo(centerX + length / 2 - length * 0.04, centerY);
    context.lineTo(centerX + length / 2 + length * 0.08, centerY - length * 0.12);
    context.lineTo(centerX + length / 2 + length * 0.08, centerY + length * 0.12);
    context.closePath();
    context.fill();
  }

  return canvas.toDataURL('image/png');
}

/** 1536×1024 dusk scene with an airship. */
export const landscapePng = drawPicture(1536, 1024, dusk);
/** 1024×1024 morning scene with an airship. */
export const squarePng = drawPicture(1024, 1024, morning);
/** 1024×1536 portrait scene. */
export const portraitPng = drawPicture(1024, 1536, dusk, false);
/** A small, coarse frame standing in for a streamed partial image. */
export const partialPng = drawPicture(96, 64, dusk);
/** A tiny 64×64 image, for the "smaller than the thumbnail" case. */
export const tinyPng = drawPicture(64, 64, morning);

/** A 512×512 sprite (a slime) on see-through pixels, for the checkerboard. */
function drawSprite(size: number): string {
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const context = canvas.getContext('2d');
  if (context === null) return '';
  context.fillStyle = '#16a34a';
  context.beginPath();
  context.ellipse(size / 2, size * 0.62, size * 0.34, size * 0.26, 0, Math.PI, 0);
  context.lineTo(size * 0.84, size * 0.78);
  context.lineTo(size * 0.16, size * 0.78);
  context.closePath();
  context.fill();
  context.fillStyle = '#f8fafc';
  for (const x of [0.4, 0.6]) {
    context.beginPath();
    context.arc(size * x, size * 0.56, size * 0.05, 0, Math.PI * 2);
    context.fill();
  }
  return canvas.toDataURL('image/png');
}

/** 512×512 transparent sprite. */
export const spritePng = drawSprite(512);
