// Provenance as an XMP packet: the one encoding every format carries (PNG iTXt
// `XML:com.adobe.xmp`, the JPEG APP1 XMP segment, the WebP `XMP ` chunk), so
// exiftool, Photoshop and the OS's file info all show it on an exported copy.
import { type Provenance, provenanceNumberFields, provenanceTextFields } from './provenance.ts';

export const forgeNamespace = 'urn:forge:provenance:1';

function escapeAttribute(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

function unescapeXml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_whole, entity: string) => {
    switch (entity) {
      case 'amp':
        return '&';
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      default: {
        const codePoint = entity.startsWith('#x') ? Number.parseInt(entity.slice(2), 16) : Number.parseInt(entity.slice(1), 10);
        return codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : '';
      }
    }
  });
}

/** A self-contained XMP packet carrying `provenance`. */
export function encodeXmpPacket(provenance: Provenance): string {
  const attributes: string[] = [];
  for (const field of provenanceTextFields) {
    const value = provenance[field];
    if (value !== undefined) attributes.push(`forge:${field}="${escapeAttribute(value)}"`);
  }
  for (const field of provenanceNumberFields) {
    const value = provenance[field];
    if (value !== undefined) attributes.push(`forge:${field}="${value}"`);
  }
  if (provenance.createdAt !== undefined) attributes.push(`xmp:CreateDate="${escapeAttribute(provenance.createdAt)}"`);
  if (provenance.generator !== undefined) attributes.push(`xmp:CreatorTool="${escapeAttribute(provenance.generator)}"`);
  return (
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>\n' +
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n' +
    ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n' +
    `  <rdf:Description rdf:about="" xmlns:forge="${forgeNamespace}" xmlns:xmp="http://ns.adobe.com/xap/1.0/"\n` +
    attributes.map((attribute) => `   ${attribute}`).join('\n') +
    '/>\n' +
    ' </rdf:RDF>\n' +
    '</x:xmpmeta>\n' +
    '<?xpacket end="r"?>'
  );
}

const forgeElementPattern = /<forge:(\w+)>([^<]*)<\/forge:\1>/g;

/** `\w`: ASCII letters, digits and `_`. */
function isWordCode(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f;
}

/** `\s`: what a regular expression counts as white space. */
function isSpaceCode(code: number): boolean {
  return (
    code === 0x20 ||
    (code >= 0x09 && code <= 0x0d) ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** Marks a packet read as Latin-1 bytes that must be decoded to answer (see decodeXmpBytes). */
const undecided = Symbol('undecided');
const nonAscii = /[\u0080-\u00ff]/;

/**
 * The text between two ASCII characters of a packet: decoded from UTF-8 when the packet is
 * its bytes read as Latin-1 (`bytes`), as is otherwise.
 */
function valueText(text: string, bytes: Uint8Array | undefined): string {
  return bytes !== undefined && nonAscii.test(text) ? Buffer.from(text, 'latin1').toString('utf8') : text;
}

/**
 * valueText of `packet.slice(start, end)`. From the bytes it is a new string: a slice of the
 * packet would keep the whole packet alive for as long as the listing keeps the value.
 */
function valueAt(packet: string, start: number, end: number, bytes: Buffer | undefined): string {
  return bytes === undefined ? packet.slice(start, end) : bytes.toString('utf8', start, end);
}

/** Skips `\s*` from `cursor`; undecided when a byte-wise packet has a non-ASCII byte there. */
function skipSpace(packet: string, cursor: number, bytes: Uint8Array | undefined): number | typeof undecided {
  let at = cursor;
  for (let code = packet.charCodeAt(at); ; code = packet.charCodeAt(at)) {
    if (bytes !== undefined && code > 0x7f) return undecided;
    if (!isSpaceCode(code)) return at;
    at += 1;
  }
}

/** The prefix bound to the Forge namespace: the first `xmlns:(\w[\w.-]*)\s*=\s*["']urn:forge:provenance:1["']`. */
function forgePrefix(packet: string, bytes: Uint8Array | undefined): string | undefined | typeof undecided {
  const needle = 'xmlns:';
  for (let at = packet.indexOf(needle); at >= 0; at = packet.indexOf(needle, at + 1)) {
    const nameStart = at + needle.length;
    const first = packet.charCodeAt(nameStart);
    if (!isWordCode(first) || (first >= 0x30 && first <= 0x39)) continue;
    let cursor = nameStart + 1;
    for (let code = packet.charCodeAt(cursor); isWordCode(code) || code === 0x2e || code === 0x2d; code = packet.charCodeAt(cursor)) cursor += 1;
    const name = packet.slice(nameStart, cursor);
    const equals = skipSpace(packet, cursor, bytes);
    if (equals === undecided) return undecided;
    if (packet.charCodeAt(equals) !== 0x3d) continue;
    const open = skipSpace(packet, equals + 1, bytes);
    if (open === undecided) return undecided;
    const value = packet.slice(open, open + 24);
    if (/^["']urn:forge:provenance:1["']$/.test(value)) return name;
  }
  return undefined;
}

/**
 * Every `<prefix>:<name>="value"` (or single-quoted) attribute, in order: what the pattern
 * `\b<prefix>:(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')` finds for a prefix without `.`, scanned
 * by hand because listing 10,000 assets decodes 10,000 packets.
 */
function readAttributes(packet: string, prefix: string, bytes: Buffer | undefined, values: Map<string, string>): typeof undecided | undefined {
  const needle = `${prefix}:`;
  for (let at = packet.indexOf(needle); at >= 0; ) {
    const next = readAttributeAt(packet, at, needle.length, bytes, values);
    if (next === undecided) return undecided;
    at = packet.indexOf(needle, next);
  }
  return undefined;
}

/** The attribute whose `<prefix>:` starts at `at`, if one does; where to look for the next. */
function readAttributeAt(packet: string, at: number, needleLength: number, bytes: Buffer | undefined, values: Map<string, string>): number | typeof undecided {
  if (at > 0 && isWordCode(packet.charCodeAt(at - 1))) return at + 1;
  const nameStart = at + needleLength;
  let cursor = nameStart;
  while (isWordCode(packet.charCodeAt(cursor))) cursor += 1;
  if (cursor === nameStart) return at + 1;
  const name = packet.slice(nameStart, cursor);
  const equals = skipSpace(packet, cursor, bytes);
  if (equals === undecided) return undecided;
  if (packet.charCodeAt(equals) !== 0x3d) return at + 1;
  const open = skipSpace(packet, equals + 1, bytes);
  if (open === undecided) return undecided;
  const quote = packet[open];
  const end = quote === '"' || quote === "'" ? packet.indexOf(quote, open + 1) : -1;
  if (end < 0) return at + 1;
  values.set(name, unescapeXml(valueAt(packet, open + 1, end, bytes)));
  return end + 1;
}

/**
 * The provenance in a packet's text, or (only when `bytes`: the packet's UTF-8, and the text
 * is them read as Latin-1, one character a byte) undecided. Everything looked for is ASCII and
 * every value lies between ASCII characters, so the bytes give the decoded text's answer
 * except where a non-ASCII byte sits where white space may be (U+2028 is white space only
 * once decoded) or the prefix has a `.` (a pattern's any-character): those are undecided.
 */
function decodeText(packet: string, bytes: Buffer | undefined): Provenance | undefined | typeof undecided {
  const prefix = forgePrefix(packet, bytes);
  if (prefix === undefined || prefix === undecided) return prefix;
  const values = new Map<string, string>();
  if (prefix.includes('.')) {
    if (bytes !== undefined) return undecided;
    const attributePattern = new RegExp(`\\b${prefix}:(\\w+)\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'g');
    for (const match of packet.matchAll(attributePattern)) values.set(match[1] ?? '', unescapeXml(match[2] ?? match[3] ?? ''));
  } else if (readAttributes(packet, prefix, bytes, values) === undecided) {
    return undecided;
  }
  // Our own packets use attributes only: skip the element scan when no element could match.
  if (prefix.includes('.') || packet.includes(`<${prefix}:`)) {
    const elementPattern = prefix === 'forge' ? forgeElementPattern : new RegExp(`<${prefix}:(\\w+)>([^<]*)</${prefix}:\\1>`, 'g');
    for (const match of packet.matchAll(elementPattern)) values.set(match[1] ?? '', unescapeXml(valueText(match[2] ?? '', bytes)));
  }
  const provenance: Provenance = {};
  for (const field of provenanceTextFields) {
    const value = values.get(field);
    if (value !== undefined) provenance[field] = value;
  }
  for (const field of provenanceNumberFields) {
    const value = Number(values.get(field));
    if (Number.isInteger(value) && value > 0) provenance[field] = value;
  }
  return provenance;
}

/**
 * Reads the Forge provenance from an XMP packet, written as attributes (our form) or as
 * simple elements (how some editors rewrite it). A packet without it gives undefined.
 */
export function decodeXmpPacket(packet: string): Provenance | undefined {
  const provenance = decodeText(packet, undefined);
  return provenance === undecided ? undefined : provenance;
}

/**
 * decodeXmpPacket of a packet's UTF-8 bytes, mostly without decoding them: read as Latin-1
 * they make a one-byte string (our packets' BOM would make the decoded text two-byte,
 * slower to make, scan and keep), and only the values are decoded.
 */
export function decodeXmpBytes(bytes: Uint8Array): Provenance | undefined {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const latin1 = view.toString('latin1');
  const provenance = decodeText(latin1, view);
  return provenance === undecided ? decodeXmpPacket(view.toString('utf8')) : provenance;
}
