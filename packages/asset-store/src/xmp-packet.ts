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

const forgeAttributePattern = /\bforge:(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const forgeElementPattern = /<forge:(\w+)>([^<]*)<\/forge:\1>/g;

/**
 * Reads the Forge provenance from an XMP packet, written as attributes (our form) or as
 * simple elements (how some editors rewrite it). A packet without it gives undefined.
 */
export function decodeXmpPacket(packet: string): Provenance | undefined {
  const prefixMatch = /xmlns:([A-Za-z_][\w.-]*)\s*=\s*["']urn:forge:provenance:1["']/.exec(packet);
  if (prefixMatch === null) return undefined;
  const prefix = prefixMatch[1] ?? 'forge';
  const values = new Map<string, string>();
  const attributePattern = prefix === 'forge' ? forgeAttributePattern : new RegExp(`\\b${prefix}:(\\w+)\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'g');
  for (const match of packet.matchAll(attributePattern)) values.set(match[1] ?? '', unescapeXml(match[2] ?? match[3] ?? ''));
  const elementPattern = prefix === 'forge' ? forgeElementPattern : new RegExp(`<${prefix}:(\\w+)>([^<]*)</${prefix}:\\1>`, 'g');
  for (const match of packet.matchAll(elementPattern)) values.set(match[1] ?? '', unescapeXml(match[2] ?? ''));
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
