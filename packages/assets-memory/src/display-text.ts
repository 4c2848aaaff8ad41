// Neutralises text for the human-readable part of an entry. Anything a renderer or an editor
// could act on (markdown and HTML syntax, control and bidi-override characters, line breaks
// in one-line fields) is escaped or removed here; the exact text lives in the entry's marker.

// C0 and C1 controls (tab and line feed are handled by the callers), bidi embeddings,
// overrides and isolates, the BOM, and unpaired surrogates.
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const invisible = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufeff]/g;
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const inlineSyntax = /[\\`*_[\]<>&~|#]/g;

/** `text` with unpaired surrogates replaced by U+FFFD (what UTF-8 on disk would do anyway). */
export function toWellFormed(text: string): string {
  return text.replace(loneSurrogate, '\uFFFD');
}

/** Multi-line text as shown inside a fenced block: line breaks become `\n`, invisible characters go. */
export function toBlockDisplay(text: string): string {
  return text
    .replace(/\r\n|\r|\u2028|\u2029/g, '\n')
    .replace(invisible, '')
    .replace(loneSurrogate, '\uFFFD');
}

/** One-line text as shown in a heading or bullet: whitespace collapsed, markdown escaped, clipped. */
export function toInlineDisplay(text: string, maxLength = 200): string {
  let shown = toBlockDisplay(text).replace(/\s+/g, ' ').trim();
  if (shown.length > maxLength) shown = `${shown.slice(0, maxLength - 1).replace(/[\ud800-\udbff]$/, '')}…`;
  return shown.replace(inlineSyntax, (character) => `\\${character}`);
}

/** Reverses markdown backslash escapes (for reading a hand-edited one-line field). */
export function unescapeInline(text: string): string {
  return text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}
