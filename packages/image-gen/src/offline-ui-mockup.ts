// UI mock-ups for the offline model: one element (button, toggle, slider, checkbox, text
// field, card) drawn in each of the asked-for states, side by side on a light artboard,
// each state named (on the button itself, under the other elements). The accent colour is
// the prompt's colour word, else a UI blue. Nothing in the top-left corner: the host draws
// its "Offline preview" badge there.
import { textWidth, toFontText } from './bitmap-font.ts';
import { rasterizeContours } from './fill-contours.ts';
import type { Canvas } from './offline-canvas.ts';
import { hsl, mix, namedHue, type Rgb } from './offline-colour.ts';
import type { UiElement } from './offline-request.ts';

interface Theme {
  accent: Rgb;
  accentLight: Rgb;
  accentDark: Rgb;
  ring: Rgb;
  surface: Rgb;
  board: Rgb;
  ink: Rgb;
  muted: Rgb;
  line: Rgb;
  disabled: Rgb;
  danger: Rgb;
}

function themeFor(words: string): Theme {
  const hue = namedHue(words) ?? 222;
  return {
    accent: hsl(hue, 0.72, 0.52),
    accentLight: hsl(hue, 0.8, 0.61),
    accentDark: hsl(hue, 0.72, 0.38),
    ring: hsl(hue, 0.9, 0.7),
    surface: [255, 255, 255],
    board: [238, 241, 246],
    ink: [34, 39, 52],
    muted: [112, 120, 136],
    line: [198, 204, 214],
    disabled: [214, 218, 225],
    danger: [214, 54, 62],
  };
}

/** One cell of the row: its centre and the room it has. */
interface Cell {
  cx: number;
  cy: number;
  width: number;
  /** The picture's text scale for labels. */
  scale: number;
}

/** The arrow pointer, its tip at (x, y), `size` px tall, drawn with a dark outline. */
function drawPointer(canvas: Canvas, x: number, y: number, size: number): void {
  const arrow = [0, 0, 0, 16, 4.2, 12.3, 7, 18.5, 9.6, 17.4, 6.9, 11.4, 12, 11.4];
  const scale = size / 18.5;
  const outline = rasterizeContours([arrow], scale * 1.22, x - 1.6 * scale, y - 1.8 * scale, canvas.width, canvas.height);
  const fill = rasterizeContours([arrow], scale, x, y, canvas.width, canvas.height);
  if (outline !== undefined) canvas.coverage(outline.mask, outline.left, outline.top, outline.width, [20, 22, 30]);
  if (fill !== undefined) canvas.coverage(fill.mask, fill.left, fill.top, fill.width, [255, 255, 255]);
}

function shadow(canvas: Canvas, x0: number, y0: number, x1: number, y1: number, radius: number, lift: number): void {
  for (let step = 3; step >= 1; step -= 1) {
    const spread = lift * step * 0.5;
    canvas.smoothRoundedRect(x0 - spread * 0.5, y0 + lift * 0.6, x1 + spread * 0.5, y1 + lift * 0.6 + spread, radius + spread, [20, 28, 48], 0.06);
  }
}

function focusRing(canvas: Canvas, theme: Theme, x0: number, y0: number, x1: number, y1: number, radius: number, gap: number): void {
  canvas.smoothRoundedRect(x0 - gap * 2, y0 - gap * 2, x1 + gap * 2, y1 + gap * 2, radius + gap * 2, theme.ring);
  canvas.smoothRoundedRect(x0 - gap, y0 - gap, x1 + gap, y1 + gap, radius + gap, theme.board);
}

function drawButton(canvas: Canvas, theme: Theme, cell: Cell, state: string): void {
  const width = Math.min(cell.width * 0.8, canvas.height * 0.4);
  const height = width * 0.32;
  const radius = height * 0.26;
  const press = state === 'Pressed' ? height * 0.05 : 0;
  const x0 = cell.cx - width / 2;
  const y0 = cell.cy - height / 2 + press;
  const x1 = x0 + width;
  const y1 = y0 + height;
  const lift = height * 0.08;
  if (state === 'Focused') focusRing(canvas, theme, x0, y0, x1, y1, radius, Math.max(2, height * 0.05));
  if (state === 'Default' || state === 'Focused' || state === 'Loading') shadow(canvas, x0, y0, x1, y1, radius, lift);
  if (state === 'Hover') shadow(canvas, x0, y0, x1, y1, radius, lift * 2.2);
  const fill = state === 'Hover' ? theme.accentLight : state === 'Pressed' ? theme.accentDark : state === 'Disabled' ? theme.disabled : state === 'Loading' ? mix(theme.accent, theme.board, 0.25) : theme.accent;
  if (state === 'Pressed') {
    // Pushed in: a shade along the top edge, inside the button.
    canvas.smoothRoundedRect(x0, y0, x1, y1, radius, mix(fill, [0, 0, 0], 0.35));
    canvas.smoothRoundedRect(x0, y0 + height * 0.07, x1, y1, radius, fill);
  } else {
    canvas.smoothRoundedRect(x0, y0, x1, y1, radius, fill);
    // A lighter top half reads as a raised surface.
    if (state !== 'Disabled') canvas.smoothRoundedRect(x0 + 2, y0 + 2, x1 - 2, y0 + height * 0.5, Math.min(radius * 0.9, height * 0.24), [255, 255, 255], 0.08);
  }
  const ink: Rgb = state === 'Disabled' ? [150, 156, 168] : [255, 255, 255];
  const scale = Math.max(1, Math.floor((height * 0.3) / 7));
  const label = state === 'Loading' ? '' : state;
  if (label !== '' && textWidth(toFontText(label), scale) < width * 0.9) canvas.centredText(label, cell.cx, y0 + height / 2, scale, ink);
  if (state === 'Loading') {
    for (let dot = -1; dot <= 1; dot += 1) canvas.smoothCircle(cell.cx + dot * height * 0.22, y0 + height / 2, height * 0.07, ink, dot === 1 ? 0.45 : 1);
  }
  if (state === 'Hover' || state === 'Pressed') drawPointer(canvas, x0 + width * 0.86, y0 + height * 0.55, height * 0.42);
}

function caption(canvas: Canvas, theme: Theme, cell: Cell, y: number, state: string): void {
  canvas.centredText(state, cell.cx, y, cell.scale, theme.muted);
}

function drawToggle(canvas: Canvas, theme: Theme, cell: Cell, state: string): number {
  const width = Math.min(cell.width * 0.5, canvas.height * 0.2);
  const height = width * 0.52;
  const x0 = cell.cx - width / 2;
  const y0 = cell.cy - height / 2;
  const on = state === 'On' || state === 'Loading';
  const radius = height / 2;
  if (state === 'Focused') focusRing(canvas, theme, x0, y0, x0 + width, y0 + height, radius, Math.max(2, height * 0.07));
  const track = state === 'Disabled' ? theme.disabled : on ? theme.accent : state === 'Hover' ? [168, 175, 188] as const : theme.line;
  canvas.smoothRoundedRect(x0, y0, x0 + width, y0 + height, radius, track);
  const knob = height * 0.4;
  const kx = on ? x0 + width - radius : x0 + radius;
  canvas.smoothCircle(kx, cell.cy + knob * 0.06, knob, [20, 28, 48], 0.15);
  canvas.smoothCircle(kx, cell.cy, knob, state === 'Disabled' ? [244, 245, 248] : theme.surface);
  if (state === 'Loading') canvas.smoothCircle(kx, cell.cy, knob * 0.35, theme.accent, 0.6);
  if (state === 'Hover') drawPointer(canvas, kx + knob * 0.2, cell.cy + knob * 0.1, height * 0.7);
  return y0 + height;
}

function drawSlider(canvas: Canvas, theme: Theme, cell: Cell, state: string): number {
  const width = cell.width * 0.78;
  const x0 = cell.cx - width / 2;
  const thickness = Math.max(4, canvas.height * 0.008);
  const value = state === 'Dragging' ? 0.68 : state === 'Disabled' ? 0.3 : 0.45;
  const accent = state === 'Disabled' ? [180, 186, 196] as const : theme.accent;
  canvas.capsule(x0, cell.cy, x0 + width, cell.cy, thickness, theme.line);
  canvas.capsule(x0, cell.cy, x0 + width * value, cell.cy, thickness, accent);
  const thumbX = x0 + width * value;
  const thumb = thickness * 3.2;
  if (state === 'Stepped') {
    for (let step = 0; step <= 4; step += 1) canvas.smoothCircle(x0 + (width * step) / 4, cell.cy, thickness * 0.55, step / 4 <= value ? [255, 255, 255] : theme.muted);
  }
  if (state === 'Hover' || state === 'Dragging') canvas.smoothCircle(thumbX, cell.cy, thumb * (state === 'Dragging' ? 2.1 : 1.8), accent, 0.16);
  if (state === 'Focused') canvas.smoothCircle(thumbX, cell.cy, thumb * 1.55, theme.ring);
  canvas.smoothCircle(thumbX, cell.cy + thumb * 0.1, thumb, [20, 28, 48], 0.15);
  canvas.smoothCircle(thumbX, cell.cy, thumb, accent);
  canvas.smoothCircle(thumbX, cell.cy, thumb * 0.62, theme.surface);
  if (state === 'Dragging') {
    const bubbleWidth = thumb * 3.4;
    const bubbleTop = cell.cy - thumb * 5.2;
    canvas.smoothRoundedRect(thumbX - bubbleWidth / 2, bubbleTop, thumbX + bubbleWidth / 2, bubbleTop + thumb * 2.4, thumb * 0.5, theme.ink);
    canvas.centredText(String(Math.round(value * 100)), thumbX, bubbleTop + thumb * 1.2, Math.max(1, Math.floor(thumb / 9)), [255, 255, 255]);
  }
  if (state === 'Hover') drawPointer(canvas, thumbX + thumb * 0.3, cell.cy + thumb * 0.3, thumb * 2);
  return cell.cy + thumb * 2;
}

function drawCheckbox(canvas: Canvas, theme: Theme, cell: Cell, state: string): number {
  const size = Math.min(cell.width * 0.3, canvas.height * 0.09);
  const x0 = cell.cx - size / 2;
  const y0 = cell.cy - size / 2;
  const radius = size * 0.18;
  const filled = state === 'Checked' || state === 'Indeterminate';
  if (state === 'Focused') focusRing(canvas, theme, x0, y0, x0 + size, y0 + size, radius, Math.max(2, size * 0.07));
  const border = state === 'Error' ? theme.danger : state === 'Disabled' ? theme.line : filled ? theme.accent : [150, 158, 172] as const;
  canvas.smoothRoundedRect(x0, y0, x0 + size, y0 + size, radius, border);
  const inset = size * 0.09;
  if (!filled) canvas.smoothRoundedRect(x0 + inset, y0 + inset, x0 + size - inset, y0 + size - inset, radius * 0.6, state === 'Disabled' ? theme.disabled : theme.surface);
  const stroke = size * 0.07;
  if (state === 'Checked') {
    canvas.capsule(x0 + size * 0.26, y0 + size * 0.52, x0 + size * 0.43, y0 + size * 0.7, stroke, [255, 255, 255]);
    canvas.capsule(x0 + size * 0.43, y0 + size * 0.7, x0 + size * 0.75, y0 + size * 0.32, stroke, [255, 255, 255]);
  }
  if (state === 'Indeterminate') canvas.capsule(x0 + size * 0.27, cell.cy, x0 + size * 0.73, cell.cy, stroke, [255, 255, 255]);
  return y0 + size;
}

function drawTextField(canvas: Canvas, theme: Theme, cell: Cell, state: string): number {
  const width = cell.width * 0.84;
  const height = Math.min(width * 0.24, canvas.height * 0.09);
  const x0 = cell.cx - width / 2;
  const y0 = cell.cy - height / 2;
  const radius = height * 0.18;
  const scale = Math.max(1, Math.floor((height * 0.28) / 7));
  if (state === 'Focused') canvas.smoothRoundedRect(x0 - 4, y0 - 4, x0 + width + 4, y0 + height + 4, radius + 4, theme.ring, 0.6);
  const border = state === 'Error' ? theme.danger : state === 'Focused' ? theme.accent : theme.line;
  canvas.smoothRoundedRect(x0, y0, x0 + width, y0 + height, radius, border);
  const edge = state === 'Focused' || state === 'Error' ? 3 : 1.5;
  canvas.smoothRoundedRect(x0 + edge, y0 + edge, x0 + width - edge, y0 + height - edge, radius - edge, state === 'Disabled' || state === 'Read-only' ? [244, 245, 248] : theme.surface);
  const textY = cell.cy - (7 * scale) / 2;
  const filled = state === 'Filled' || state === 'Read-only' || state === 'Error';
  const text = filled ? (state === 'Error' ? 'ada@forge' : 'ada@forge.dev') : 'Email';
  const fitted = toFontText(text).slice(0, Math.max(1, Math.floor((width * 0.8) / (6 * scale))));
  canvas.text(fitted, x0 + height * 0.3, textY, scale, filled && state !== 'Read-only' ? theme.ink : [160, 166, 178]);
  if (state === 'Focused') {
    const caretX = x0 + height * 0.3 + textWidth(fitted, scale) + scale * 3;
    canvas.rect(caretX, cell.cy - height * 0.28, caretX + Math.max(2, scale * 0.7), cell.cy + height * 0.28, theme.accent);
  }
  if (state === 'Error') {
    canvas.text('Enter a valid email', x0, y0 + height + scale * 4, Math.max(1, scale - 1), theme.danger);
    return y0 + height + scale * 12;
  }
  return y0 + height;
}

function drawCard(canvas: Canvas, theme: Theme, cell: Cell, state: string): number {
  const width = Math.min(cell.width * 0.8, canvas.height * 0.42);
  const height = width * 1.15;
  const x0 = cell.cx - width / 2;
  const y0 = cell.cy - height / 2 - (state === 'Hover' ? height * 0.03 : 0);
  const radius = width * 0.06;
  const faded = state === 'Disabled';
  shadow(canvas, x0, y0, x0 + width, y0 + height, radius, width * (state === 'Hover' ? 0.05 : 0.02));
  if (state === 'Selected' || state === 'Error') canvas.smoothRoundedRect(x0 - 4, y0 - 4, x0 + width + 4, y0 + height + 4, radius + 4, state === 'Error' ? theme.danger : theme.accent);
  canvas.smoothRoundedRect(x0, y0, x0 + width, y0 + height, radius, theme.surface);
  const pad = width * 0.07;
  const imageBottom = y0 + height * 0.5;
  const loading = state === 'Loading';
  const placeholder: Rgb = [226, 230, 236];
  canvas.smoothRoundedRect(x0 + pad, y0 + pad, x0 + width - pad, imageBottom, radius * 0.6, loading || faded ? placeholder : mix(theme.accentLight, [255, 255, 255], 0.35));
  if (!loading && !faded) {
    // A little landscape as the card's image.
    canvas.smoothCircle(x0 + width * 0.68, y0 + height * 0.18, width * 0.06, [255, 255, 255], 0.9);
    canvas.smoothEllipse(x0 + width * 0.38, imageBottom, width * 0.25, height * 0.12, theme.accent, 0.8);
    // Only the hill's top half belongs to the image.
    canvas.rect(x0 + pad - 1, imageBottom, x0 + width - pad + 1, imageBottom + height * 0.12 + 2, theme.surface);
  }
  const bar = height * 0.045;
  const ink: Rgb = loading || faded ? placeholder : theme.ink;
  canvas.capsule(x0 + pad + bar, imageBottom + height * 0.09, x0 + width * 0.62, imageBottom + height * 0.09, bar / 2, ink);
  canvas.capsule(x0 + pad + bar, imageBottom + height * 0.17, x0 + width - pad - bar, imageBottom + height * 0.17, bar / 3, loading || faded ? placeholder : theme.line);
  canvas.capsule(x0 + pad + bar, imageBottom + height * 0.23, x0 + width * 0.7, imageBottom + height * 0.23, bar / 3, loading || faded ? placeholder : theme.line);
  const buttonTop = y0 + height - pad - height * 0.1;
  canvas.smoothRoundedRect(x0 + pad, buttonTop, x0 + pad + width * 0.4, buttonTop + height * 0.1, height * 0.03, loading || faded ? placeholder : theme.accent);
  if (state === 'Selected') {
    const badge = width * 0.07;
    canvas.smoothCircle(x0 + width - pad - badge, y0 + pad + badge, badge, theme.accent);
    canvas.capsule(x0 + width - pad - badge * 1.45, y0 + pad + badge, x0 + width - pad - badge * 1.05, y0 + pad + badge * 1.4, badge * 0.16, [255, 255, 255]);
    canvas.capsule(x0 + width - pad - badge * 1.05, y0 + pad + badge * 1.4, x0 + width - pad - badge * 0.5, y0 + pad + badge * 0.6, badge * 0.16, [255, 255, 255]);
  }
  if (faded) canvas.smoothRoundedRect(x0, y0, x0 + width, y0 + height, radius, theme.board, 0.35);
  if (state === 'Hover') drawPointer(canvas, x0 + width * 0.62, y0 + height * 0.7, height * 0.12);
  return y0 + height;
}

const titles: Readonly<Record<UiElement, string>> = {
  button: 'Button',
  toggle: 'Toggle',
  slider: 'Slider',
  checkbox: 'Checkbox',
  'text-field': 'Text field',
  card: 'Card',
};

/** Draws `element` once per state, left to right, on an artboard (or on nothing, when transparent). */
export function drawUiMockup(canvas: Canvas, words: string, element: UiElement, states: readonly string[], transparent: boolean): void {
  const { width, height } = canvas;
  const theme = themeFor(words);
  if (!transparent) {
    canvas.rect(0, 0, width, height, theme.board);
    // A faint dot grid: the artboard of a design tool.
    const step = Math.max(8, Math.round(Math.min(width, height) / 40));
    const dot = Math.max(1, Math.round(step / 12));
    for (let y = step; y < height; y += step) for (let x = step; x < width; x += step) canvas.rect(x, y, x + dot, y + dot, [120, 130, 150], 0.18);
  }
  const scale = Math.max(1, Math.round(Math.min(width, height) / 340));
  const count = Math.max(1, states.length);
  const title = `${titles[element]} - ${count} ${count === 1 ? 'state' : 'states'}`;
  const titleY = height * 0.2;
  canvas.centredText(title, width / 2, titleY, scale + 1, theme.ink);
  canvas.rect(width / 2 - width * 0.04, titleY + (7 * (scale + 1)) / 2 + scale * 9, width / 2 + width * 0.04, titleY + (7 * (scale + 1)) / 2 + scale * 10, theme.accent);
  const margin = width * 0.06;
  const cellWidth = (width - 2 * margin) / count;
  for (const [index, state] of states.entries()) {
    const cell: Cell = { cx: margin + cellWidth * (index + 0.5), cy: height * 0.52, width: cellWidth, scale };
    if (element === 'button') {
      drawButton(canvas, theme, cell, state);
      continue;
    }
    const bottom =
      element === 'toggle' ? drawToggle(canvas, theme, cell, state)
        : element === 'slider' ? drawSlider(canvas, theme, cell, state)
          : element === 'checkbox' ? drawCheckbox(canvas, theme, cell, state)
            : element === 'text-field' ? drawTextField(canvas, theme, cell, state)
              : drawCard(canvas, theme, cell, state);
    caption(canvas, theme, cell, bottom + scale * 16, state);
  }
}
