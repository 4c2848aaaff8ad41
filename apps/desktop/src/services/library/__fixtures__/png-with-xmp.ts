// PNGs as other tools write them, for tests: any provenance text at all (markup, control
// characters, 100 kB prompts) in an XMP packet Forge reads, which Forge itself would never write.
import { crc32 } from 'node:zlib';

import sharp from 'sharp';

export async function plainPng(width = 48, height = 32, colour = { r: 60, g: 120, b: 200 }): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } }).png().toBuffer();
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}

/** `png` with an iTXt `XML:com.adobe.xmp` chunk after IHDR carrying these forge:* attributes, verbatim. */
export function withProvenance(png: Buffer, fields: Record<string, string>): Buffer {
  const attributes = Object.entries(fields)
    .map(([name, value]) => `\n   forge:${name}="${escapeAttribute(value)}"`)
    .join('');
  const packet =
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>\n<x:xmpmeta xmlns:x="adobe:ns:meta/">\n <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n' +
    `  <rdf:Description rdf:about="" xmlns:forge="urn:forge:provenance:1"${attributes}/>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end="r"?>`;
  const data = Buffer.concat([Buffer.from('XML:com.adobe.xmp\0\0\0\0\0', 'latin1'), Buffer.from(packet, 'utf8')]);
  const type = Buffer.from('iTXt', 'latin1');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([type, data])));
  // Signature (8) + IHDR (4 length + 4 type + 13 data + 4 crc) = 33 bytes.
  return Buffer.concat([png.subarray(0, 33), length, type, data, crc, png.subarray(33)]);
}
