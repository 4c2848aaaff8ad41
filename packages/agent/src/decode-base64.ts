// Decodes base64 image data into a Uint8Array without an extra copy.
/** The bytes of `base64`, as a view over the decoded buffer (large decodes never share Node's pool). */
export function decodeBase64(base64: string): Uint8Array {
  const decoded = Buffer.from(base64, 'base64');
  return decoded.byteLength >= Buffer.poolSize ? new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.byteLength) : new Uint8Array(decoded);
}
