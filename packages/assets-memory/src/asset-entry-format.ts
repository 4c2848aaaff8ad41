// The ASSETS.md entry: a heading, bullets, the prompts in fences longer than any backtick run
// inside them, and last an HTML-comment marker carrying the exact fields as ASCII-only JSON
// (so no text can close the comment or change line endings). Reading prefers the marker's
// exact text unless a person has since changed the visible text.
import { type AssetEntryParent, lineageLines, readLineage } from './asset-entry-lineage.ts';
import { toBlockDisplay, toInlineDisplay, toWellFormed, unescapeInline } from './display-text.ts';
import { BlockScanner, longestBacktickRun, splitLines, type SourceLine } from './markdown-blocks.ts';

export interface AssetEntryFields {
  /** ISO 8601, UTC, e.g. `2026-11-23T19:51:30.042Z`. */
  timestamp: string;
  /** The image, relative to ASSETS.md, e.g. `generated/20261123-195130-042.png`. */
  file: string;
  prompt: string;
  /** Only when the model returned one that differs from `prompt`. */
  revisedPrompt?: string;
  model?: string;
  width?: number;
  height?: number;
  mediaType?: string;
  /** A person's own note about the asset, added with Edit (see `editAssetEntry`). */
  note?: string;
  /** The image it refines and the references it was made with (from the image's provenance). */
  derivedFrom?: AssetEntryParent[];
}

export interface AssetEntry extends AssetEntryFields {
  /** The heading line's text, without `## `. */
  heading?: string;
  /** The entry exactly as it is in the file, without trailing blank lines. */
  raw: string;
}

const markerPattern = /^<!-- forge-asset v1 (\{.*\}) -->[ \t]*$/;

/**
 * JSON with every character outside printable ASCII, `<`, `>`, `&`, and any `-` followed by
 * another `-`, written as `\uXXXX`: pure ASCII on one line, and nothing in it can end the comment.
 */
function encodeMarker(fields: AssetEntryFields): string {
  const json = JSON.stringify(fields).replace(/[^\x20-\x7e]|[<>&]|-(?=-)/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `<!-- forge-asset v1 ${json} -->`;
}

function decodeMarker(line: string): AssetEntryFields | undefined {
  const json = markerPattern.exec(line)?.[1];
  if (json === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const text = (key: string): string | undefined => (typeof record[key] === 'string' ? record[key] : undefined);
  const size = (key: string): number | undefined => {
    const number = record[key];
    return typeof number === 'number' && Number.isInteger(number) && number > 0 ? number : undefined;
  };
  const timestamp = text('timestamp');
  const file = text('file');
  const prompt = text('prompt');
  if (timestamp === undefined || file === undefined || prompt === undefined) return undefined;
  return withOptional({ timestamp, file, prompt }, {
    revisedPrompt: text('revisedPrompt'),
    model: text('model'),
    width: size('width'),
    height: size('height'),
    mediaType: text('mediaType'),
    note: text('note'),
    derivedFrom: readLineage(record.derivedFrom),
  });
}

function withOptional<T extends object>(base: T, optional: Record<string, unknown>): T {
  const result = { ...base } as Record<string, unknown>;
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) result[key] = value;
  return result as T;
}

/** The link destination for `file`: percent-encoded so no character can end the link early. */
export function toLinkTarget(file: string): string {
  return encodeURI(toWellFormed(file)).replace(/[()#?]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

function fromLinkTarget(target: string): string {
  try {
    return decodeURIComponent(target);
  } catch {
    return target;
  }
}

/** `2026-11-23 19:51:30 UTC` for the heading. */
function displayTimestamp(timestamp: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(timestamp);
  return match === null ? toInlineDisplay(timestamp, 40) : `${match[1] ?? ''} ${match[2] ?? ''} UTC`;
}

/** The fence's info string: `text` and the entry's file, so no two entries' prompt fences are the same line. */
function fenceInfo(file: string): string {
  return `text ${toWellFormed(file).replace(/[^A-Za-z0-9._/-]/g, '-').slice(0, 200)}`;
}

function fenced(text: string, info: string): string[] {
  const shown = toBlockDisplay(text);
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(shown) + 1));
  return [`${fence}${info}`, ...(shown === '' ? [] : shown.split('\n')), fence];
}

/**
 * The entry's markdown, with `\n` line endings and no trailing line ending. Laid out for git's
 * union merge (`.forge/.gitattributes`): two branches that each appended an entry merge into
 * both, whole, only while no run of more than three lines is common to both entries — git
 * splits the pair at such a run and interleaves the halves. So the file link closes the
 * bullets, the labels sit right on their fences, and each fence names the entry's file: with
 * one-line prompts, even two entries with the same prompt, model and size stay whole.
 */
export function renderAssetEntry(fields: AssetEntryFields): string {
  const lines = [`## ${displayTimestamp(fields.timestamp)} — ${toInlineDisplay(fields.file)}`, ''];
  if (fields.model !== undefined) lines.push(`- Model: ${toInlineDisplay(fields.model)}`);
  if (fields.width !== undefined && fields.height !== undefined) {
    const type = fields.mediaType === undefined ? '' : ` (${toInlineDisplay(fields.mediaType, 60)})`;
    lines.push(`- Size: ${fields.width} × ${fields.height}${type}`);
  }
  lines.push(`- File: [${toInlineDisplay(fields.file)}](${toLinkTarget(fields.file)})`);
  // After the file link, on one line: a parent and references common to two entries stay within
  // the three common lines (lineage, blank, label) a union merge survives.
  lines.push(...lineageLines(fields.derivedFrom, toLinkTarget));
  const info = fenceInfo(fields.file);
  lines.push('', '**Prompt**', ...fenced(fields.prompt, info));
  if (fields.revisedPrompt !== undefined) lines.push('**Revised prompt**', ...fenced(fields.revisedPrompt, info));
  if (fields.note !== undefined) lines.push('**Note**', ...fenced(fields.note, info));
  // The exact fields last, so a person reads the entry first (in the file and in the proposal card).
  lines.push('', encodeMarker(fields));
  return lines.join('\n');
}

interface Section {
  heading: string | undefined;
  lines: SourceLine[];
  roles: string[];
  marker: AssetEntryFields | undefined;
}

const sectionHeading = /^ {0,3}(#{1,2})(?:[ \t]+(.*?))?[ \t]*$/;

/** Every entry in `source` (a whole ASSETS.md, or one proposal body), in order. */
export function parseAssetEntries(source: string): AssetEntry[] {
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  const offset = source.length - text.length;
  const entries: AssetEntry[] = [];
  const scanner = new BlockScanner();
  let section: Section = { heading: undefined, lines: [], roles: [], marker: undefined };
  const finish = (): void => {
    const entry = toEntry(source, offset, section);
    if (entry !== undefined) entries.push(entry);
  };
  for (const line of splitLines(text)) {
    const topLevel = scanner.open === undefined;
    const role = scanner.next(line.text);
    const heading = role === 'content' ? sectionHeading.exec(line.text) : null;
    const marker = topLevel && role === 'html' ? decodeMarker(line.text) : undefined;
    if (heading !== null) {
      finish();
      section = { heading: heading[1] === '##' ? (heading[2] ?? '') : undefined, lines: [], roles: [], marker: undefined };
    } else if (marker !== undefined && section.marker !== undefined) {
      finish();
      section = { heading: undefined, lines: [], roles: [], marker: undefined };
    }
    if (marker !== undefined) section.marker = marker;
    section.lines.push(line);
    section.roles.push(role);
  }
  finish();
  return entries;
}

interface VisibleFields {
  file?: string;
  fileTarget?: string;
  model?: string;
  prompt?: string;
  revisedPrompt?: string;
  note?: string;
}

function readVisible(section: Section): VisibleFields {
  const visible: VisibleFields = {};
  const { lines, roles } = section;
  for (let index = 0; index < lines.length; index += 1) {
    if (roles[index] !== 'content') continue;
    const text = lines[index]?.text ?? '';
    const file = /^- File: \[.*\]\(<?([^()<>\s]*)>?\)[ \t]*$/.exec(text);
    if (file !== null) {
      visible.fileTarget = file[1] ?? '';
      visible.file = fromLinkTarget(visible.fileTarget);
    }
    const model = /^- Model: (.*?)[ \t]*$/.exec(text);
    if (model !== null) visible.model = unescapeInline(model[1] ?? '');
    const label = /^\*\*(Prompt|Revised prompt|Note)\*\*[ \t]*$/.exec(text)?.[1];
    if (label === undefined) continue;
    let open = index + 1;
    while (open < lines.length && roles[open] === 'content' && (lines[open]?.text.trim() ?? '') === '') open += 1;
    if (roles[open] !== 'fence-open') continue;
    const body: string[] = [];
    let close = open + 1;
    while (close < lines.length && roles[close] === 'fence-body') body.push(lines[close++]?.text ?? '');
    if (label === 'Prompt') visible.prompt = body.join('\n');
    else if (label === 'Note') visible.note = body.join('\n');
    else visible.revisedPrompt = body.join('\n');
    index = close;
  }
  return visible;
}

/** The marker's exact value unless the visible text no longer matches what it would show. */
function reconcile(exact: string | undefined, visible: string | undefined, show: (value: string) => string): string | undefined {
  if (visible === undefined) return undefined;
  return exact !== undefined && show(exact) === visible ? exact : visible;
}

function toEntry(source: string, offset: number, section: Section): AssetEntry | undefined {
  const visible = readVisible(section);
  const marker = section.marker;
  if (marker === undefined && (section.heading === undefined || visible.file === undefined || visible.prompt === undefined)) return undefined;
  const nonBlank = section.lines.filter((line) => line.text.trim() !== '');
  const first = section.lines[0];
  const last = nonBlank.at(-1);
  const raw = first === undefined || last === undefined ? '' : source.slice(offset + first.start, offset + last.start + last.text.length);
  const heading = section.heading === undefined ? {} : { heading: section.heading };
  if (marker === undefined) {
    const stamp = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?) UTC\b/.exec(section.heading ?? '');
    return withOptional(
      { timestamp: stamp === null ? '' : `${stamp[1] ?? ''}T${stamp[2] ?? ''}Z`, file: visible.file ?? '', prompt: visible.prompt ?? '', ...heading, raw },
      { revisedPrompt: visible.revisedPrompt, model: visible.model, note: visible.note },
    );
  }
  // Only the marker survives: its fields stand as they are.
  if (visible.prompt === undefined) return { ...marker, ...heading, raw };
  const file = visible.file === undefined || visible.fileTarget === toLinkTarget(marker.file) ? marker.file : visible.file;
  return withOptional(
    { timestamp: marker.timestamp, file, prompt: reconcile(marker.prompt, visible.prompt, toBlockDisplay) ?? marker.prompt, ...heading, raw },
    {
      revisedPrompt: reconcile(marker.revisedPrompt, visible.revisedPrompt, toBlockDisplay),
      model: reconcile(marker.model, visible.model, (value) => unescapeInline(toInlineDisplay(value))),
      width: marker.width,
      height: marker.height,
      mediaType: marker.mediaType,
      note: reconcile(marker.note, visible.note, toBlockDisplay),
      derivedFrom: marker.derivedFrom,
    },
  );
}

/** The idempotency key of an entry: its file link, `/`-separated, without `./`. */
export function assetEntryKey(file: string): string {
  return file.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}
