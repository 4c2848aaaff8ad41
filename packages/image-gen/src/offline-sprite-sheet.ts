// Sprite sheets for the offline model: N frames of a simple jointed figure in successive
// poses of a cycle (walk, run, jump, idle, attack), left to right (two rows past six), on a
// transparent background. Each frame's box is outlined and numbered so the boundaries
// show, and the figure faces right. A pose is a few joint angles (degrees from pointing
// straight down, positive = forward) computed from the frame's phase in the cycle.
import type { Canvas } from './offline-canvas.ts';
import { hsl, mix, namedHue, type Rgb } from './offline-colour.ts';
import type { SpriteCycle } from './offline-request.ts';

export interface Pose {
  /** Hip height above the resting height, in figure heights (the body's bob or jump). */
  lift: number;
  /** Torso lean forward, degrees. */
  lean: number;
  nearThigh: number;
  nearKnee: number;
  farThigh: number;
  farKnee: number;
  nearArm: number;
  nearElbow: number;
  farArm: number;
  farElbow: number;
  /** Whether the near hand holds a sword. */
  sword: boolean;
}

type Keyframe = Omit<Pose, 'sword'>;

const still: Keyframe = { lift: 0, lean: 0, nearThigh: 0, nearKnee: 0, farThigh: 0, farKnee: 0, nearArm: 0, nearElbow: 0, farArm: 0, farElbow: 0 };

function blendPose(from: Keyframe, to: Keyframe, amount: number): Keyframe {
  const result = { ...from };
  for (const key of Object.keys(from) as (keyof Keyframe)[]) result[key] = from[key] + (to[key] - from[key]) * amount;
  return result;
}

/** The pose `keys` give at phase 0–1, looping back to the first. */
function alongKeys(keys: readonly Keyframe[], phase: number): Keyframe {
  const position = phase * keys.length;
  const index = Math.floor(position) % keys.length;
  return blendPose(keys[index] ?? still, keys[(index + 1) % keys.length] ?? still, position - Math.floor(position));
}

const jumpKeys: readonly Keyframe[] = [
  { ...still, lift: -0.09, lean: 14, nearThigh: 55, nearKnee: 95, farThigh: 45, farKnee: 90, nearArm: -45, nearElbow: 20, farArm: -50, farElbow: 20 },
  { ...still, lift: 0.04, lean: 4, nearThigh: -5, nearKnee: 5, farThigh: -12, farKnee: 10, nearArm: 160, nearElbow: 10, farArm: 150, farElbow: 10 },
  { ...still, lift: 0.2, lean: 0, nearThigh: 70, nearKnee: 110, farThigh: 55, farKnee: 100, nearArm: 100, nearElbow: 30, farArm: 90, farElbow: 30 },
  { ...still, lift: 0.12, lean: -4, nearThigh: 20, nearKnee: 20, farThigh: 8, farKnee: 12, nearArm: 130, nearElbow: 15, farArm: 120, farElbow: 15 },
  { ...still, lift: -0.06, lean: 10, nearThigh: 45, nearKnee: 75, farThigh: 35, farKnee: 70, nearArm: 40, nearElbow: 30, farArm: 30, farElbow: 30 },
];

const attackKeys: readonly Keyframe[] = [
  { ...still, lean: 4, nearThigh: 24, nearKnee: 20, farThigh: -20, farKnee: 10, nearArm: 35, nearElbow: 70, farArm: 20, farElbow: 40 },
  { ...still, lean: -8, nearThigh: 20, nearKnee: 18, farThigh: -22, farKnee: 12, nearArm: -150, nearElbow: 40, farArm: 45, farElbow: 30 },
  { ...still, lift: -0.03, lean: 16, nearThigh: 38, nearKnee: 35, farThigh: -30, farKnee: 8, nearArm: 95, nearElbow: 0, farArm: -30, farElbow: 20 },
  { ...still, lift: -0.04, lean: 20, nearThigh: 40, nearKnee: 40, farThigh: -32, farKnee: 8, nearArm: 30, nearElbow: 5, farArm: -40, farElbow: 20 },
];

/** The figure's pose in frame `index` of `frames`. */
export function poseFor(cycle: SpriteCycle, index: number, frames: number): Pose {
  // Two frames of a stride are its two contact poses, not two passing poses that look alike.
  const offset = frames === 2 && (cycle === 'walk' || cycle === 'run') ? 0.25 : 0;
  const phase = frames <= 1 ? offset : index / frames + offset;
  const angle = phase * Math.PI * 2;
  const sin = Math.sin(angle);
  const cos = Math.cos(angle);
  switch (cycle) {
    case 'walk':
      // Frame 0 is the passing pose (near leg swinging through), a quarter later the contact pose.
      return {
        lift: 0.02 * Math.abs(cos),
        lean: 3,
        nearThigh: 28 * sin,
        nearKnee: 6 + 42 * Math.max(0, cos),
        farThigh: -28 * sin,
        farKnee: 6 + 42 * Math.max(0, -cos),
        nearArm: -24 * sin,
        nearElbow: 18 + 12 * Math.max(0, sin),
        farArm: 24 * sin,
        farElbow: 18 + 12 * Math.max(0, -sin),
        sword: false,
      };
    case 'run':
      return {
        lift: 0.03 + 0.05 * Math.abs(cos),
        lean: 14,
        nearThigh: 15 + 45 * sin,
        nearKnee: 25 + 80 * Math.max(0, cos),
        farThigh: 15 - 45 * sin,
        farKnee: 25 + 80 * Math.max(0, -cos),
        nearArm: -45 * sin,
        nearElbow: 85,
        farArm: 45 * sin,
        farElbow: 85,
        sword: false,
      };
    case 'idle':
      return {
        lift: (-0.025 * (1 - cos)) / 2,
        lean: 2 * sin,
        nearThigh: 7,
        nearKnee: 4 + (14 * (1 - cos)) / 2,
        farThigh: -7,
        farKnee: 4 + (14 * (1 - cos)) / 2,
        nearArm: 10 + (10 * (1 - cos)) / 2,
        nearElbow: 12 + (16 * (1 - cos)) / 2,
        farArm: -8 - (8 * (1 - cos)) / 2,
        farElbow: 12 + (10 * (1 - cos)) / 2,
        sword: false,
      };
    case 'jump':
      return { ...alongKeys(jumpKeys, phase), sword: false };
    case 'attack':
      return { ...alongKeys(attackKeys, phase), sword: true };
    default:
      return cycle satisfies never;
  }
}

/** A point `length` away from (x, y) in the direction `degrees` from straight down (positive = forward, to the right). */
function towards(x: number, y: number, degrees: number, length: number): [number, number] {
  const radians = (degrees * Math.PI) / 180;
  return [x + Math.sin(radians) * length, y + Math.cos(radians) * length];
}

interface FigureColours {
  near: Rgb;
  far: Rgb;
  skin: Rgb;
  outline: Rgb;
  blade: Rgb;
}

/** Draws the figure standing on (footX, groundY), `size` px tall at rest. */
function drawFigure(canvas: Canvas, pose: Pose, footX: number, groundY: number, size: number, colours: FigureColours): void {
  const limb = size * 0.034;
  const outline = Math.max(1.5, size * 0.012);
  const thigh = size * 0.22;
  const shin = size * 0.21;
  const upperArm = size * 0.16;
  const forearm = size * 0.15;
  const torso = size * 0.3;
  const head = size * 0.085;
  const hipX = footX;
  const hipY = groundY - (thigh + shin) * 0.985 - pose.lift * size;
  const [neckX, neckY] = towards(hipX, hipY, 180 - pose.lean, torso);
  const [shoulderX, shoulderY] = towards(hipX, hipY, 180 - pose.lean, torso * 0.9);
  const stroke = (ax: number, ay: number, bx: number, by: number, radius: number, colour: Rgb): void => {
    canvas.capsule(ax, ay, bx, by, radius + outline, colours.outline);
    canvas.capsule(ax, ay, bx, by, radius, colour);
  };
  const leg = (thighAngle: number, kneeBend: number, colour: Rgb): void => {
    const [kneeX, kneeY] = towards(hipX, hipY, thighAngle, thigh);
    const [footEndX, footEndY] = towards(kneeX, kneeY, thighAngle - kneeBend, shin);
    stroke(hipX, hipY, kneeX, kneeY, limb * 1.15, colour);
    stroke(kneeX, kneeY, footEndX, footEndY, limb, colour);
    stroke(footEndX, footEndY, footEndX + size * 0.05, footEndY, limb * 0.8, colour);
  };
  const arm = (armAngle: number, elbowBend: number, colour: Rgb, sword: boolean): void => {
    const [elbowX, elbowY] = towards(shoulderX, shoulderY, armAngle, upperArm);
    const forearmAngle = armAngle + elbowBend;
    const [handX, handY] = towards(elbowX, elbowY, forearmAngle, forearm);
    if (sword) {
      // The blade continues the forearm past the hand.
      const [tipX, tipY] = towards(handX, handY, forearmAngle + 70, size * 0.36);
      stroke(handX, handY, tipX, tipY, limb * 0.55, colours.blade);
      const [guardAX, guardAY] = towards(handX, handY, forearmAngle - 20, size * 0.05);
      const [guardBX, guardBY] = towards(handX, handY, forearmAngle + 160, size * 0.05);
      stroke(guardAX, guardAY, guardBX, guardBY, limb * 0.5, colours.outline);
    }
    stroke(shoulderX, shoulderY, elbowX, elbowY, limb, colour);
    stroke(elbowX, elbowY, handX, handY, limb * 0.9, colour);
    canvas.smoothCircle(handX, handY, limb * 1.1, colours.outline);
    canvas.smoothCircle(handX, handY, limb * 1.1 - outline, colours.skin);
  };
  arm(pose.farArm, pose.farElbow, colours.far, false);
  leg(pose.farThigh, pose.farKnee, colours.far);
  stroke(hipX, hipY, shoulderX, shoulderY, limb * 2.1, colours.near);
  const [headX, headY] = towards(neckX, neckY, 180 - pose.lean, head * 1.05);
  canvas.smoothCircle(headX, headY, head + outline, colours.outline);
  canvas.smoothCircle(headX, headY, head, colours.skin);
  // One eye, so the direction the figure faces reads at a glance.
  canvas.smoothCircle(headX + head * 0.45, headY - head * 0.1, Math.max(1, head * 0.14), colours.outline);
  leg(pose.nearThigh, pose.nearKnee, colours.near);
  arm(pose.nearArm, pose.nearElbow, colours.near, pose.sword);
}

/** Outlines a frame's box with a 2-px (or finer) line. */
function frameBox(canvas: Canvas, x0: number, y0: number, x1: number, y1: number, colour: Rgb): void {
  const line = Math.max(1, Math.round(Math.min(x1 - x0, y1 - y0) / 140));
  canvas.rect(x0, y0, x1, y0 + line, colour, 0.9);
  canvas.rect(x0, y1 - line, x1, y1, colour, 0.9);
  canvas.rect(x0, y0 + line, x0 + line, y1 - line, colour, 0.9);
  canvas.rect(x1 - line, y0 + line, x1, y1 - line, colour, 0.9);
}

/** Draws the sheet; the background stays transparent. */
export function drawSpriteSheet(canvas: Canvas, words: string, cycle: SpriteCycle, frames: number): void {
  const { width, height } = canvas;
  const hue = namedHue(words) ?? 200;
  const colours: FigureColours = {
    near: hsl(hue, 0.62, 0.55),
    far: hsl(hue, 0.5, 0.4),
    skin: [245, 214, 186],
    outline: [28, 30, 42],
    blade: [214, 222, 232],
  };
  const rows = frames > 6 ? 2 : 1;
  const columns = Math.ceil(frames / rows);
  const margin = Math.min(width, height) * 0.05;
  const gap = margin * 0.4;
  const labelRoom = Math.max(12, height * 0.05);
  const cell = Math.min((width - 2 * margin - gap * (columns - 1)) / columns, (height - 2 * margin - (gap + labelRoom) * rows) / rows);
  const sheetWidth = columns * cell + (columns - 1) * gap;
  const sheetHeight = rows * (cell + labelRoom) + (rows - 1) * gap;
  const left = (width - sheetWidth) / 2;
  const top = (height - sheetHeight) / 2;
  const scale = Math.max(1, Math.round(labelRoom / 16));
  for (let index = 0; index < frames; index += 1) {
    const column = index % columns;
    const row = Math.floor(index / columns);
    const x0 = left + column * (cell + gap);
    const y0 = top + row * (cell + labelRoom + gap);
    frameBox(canvas, Math.round(x0), Math.round(y0), Math.round(x0 + cell), Math.round(y0 + cell), [150, 158, 176]);
    const groundY = y0 + cell * 0.86;
    const footX = x0 + cell * (cycle === 'attack' ? 0.4 : 0.47);
    // The ground line and the figure's shadow.
    canvas.capsule(x0 + cell * 0.14, groundY + cell * 0.012, x0 + cell * 0.86, groundY + cell * 0.012, Math.max(1, cell * 0.005), [150, 158, 176], 0.7);
    const pose = poseFor(cycle, index, frames);
    canvas.smoothEllipse(footX + cell * 0.02, groundY + cell * 0.012, cell * Math.max(0.08, 0.17 - pose.lift * 0.3), cell * 0.022, [20, 22, 30], 0.28);
    // A jump rises, so its figure is smaller to stay inside the frame.
    drawFigure(canvas, pose, footX, groundY, cell * (cycle === 'jump' ? 0.66 : 0.78), colours);
    const labelY = y0 + cell + labelRoom * 0.55;
    const label = String(index + 1);
    canvas.smoothRoundedRect(x0 + cell / 2 - labelRoom * 0.6, labelY - labelRoom * 0.38, x0 + cell / 2 + labelRoom * 0.6, labelY + labelRoom * 0.38, labelRoom * 0.3, mix(colours.outline, [80, 86, 100], 0.4), 0.85);
    canvas.centredText(label, x0 + cell / 2, labelY, scale, [255, 255, 255]);
  }
}
