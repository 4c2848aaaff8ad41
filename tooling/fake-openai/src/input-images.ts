// The images a request hands the model, found where the real API takes them: the Images edit
// endpoint's `images: [{ image_url }]` (JSON, as Codex sends it) or `image` / `image[]` files
// (multipart, as the SDK sends them), and the Responses API's `input_image` parts of user
// messages. Each is decoded and checked as the real API would (a data URL of a PNG, JPEG, WebP
// or still GIF), and recorded by type, size, dimensions and SHA-256 so a test can tell exactly
// which bytes arrived.
import { createHash } from 'node:crypto';

export interface FakeInputImage {
  /** Where it came: `images` (JSON edit), `image` (multipart edit file), `input_image` (Responses). */
  source: 'images' | 'image' | 'input_image';
  /** The type its bytes say (never the type it claimed), or undefined when they are not an image. */
  mediaType: string | undefined;
  /** The type the data URL or file part claimed. */
  claimedType: string | undefined;
  sha256: string;
  size: number;
  width?: number;
  height?: number;
  /** Why the real API would refuse it, when it would. */
  problem?: string;
}

type Item = Record<string, unknown>;

function asItems(value: unknown): Item[] {
  return Array.isArray(value) ? value.filter((item): item is Item => typeof item === 'object' && item !== null) : [];
}

function sniff(bytes: Buffer): string | undefined {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  if (bytes.toString('latin1', 0, 4) === 'GIF8') return 'image/gif';
  return undefined;
}

async function describe(source: FakeInputImage['source'], bytes: Buffer, claimedType: string | undefined): Promise<FakeInputImage> {
  const image: FakeInputImage = { source, mediaType: sniff(bytes), claimedType, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
  if (image.mediaType === undefined) return { ...image, problem: 'The image data is not a PNG, JPEG, WebP or GIF file.' };
  try {
    const { default: sharp } = await import('sharp');
    const metadata = await sharp(bytes, { failOn: 'error', animated: true }).metadata();
    if ((metadata.pages ?? 1) > 1) return { ...image, problem: 'Animated images are not supported.' };
    return { ...image, width: metadata.width, height: metadata.height };
  } catch {
    return { ...image, problem: 'The image data could not be decoded.' };
  }
}

/** A `data:<type>;base64,<data>` URL's bytes and claimed type, or why it is not one. */
function fromDataUrl(url: unknown): { bytes: Buffer; type: string } | { problem: string } {
  if (typeof url !== 'string') return { problem: 'Expected image_url to be a base64 data URL.' };
  const match = /^data:([\w.+/-]+);base64,([A-Za-z0-9+/=\s]*)$/.exec(url);
  if (match === null) return { problem: url.startsWith('data:') ? 'The data URL is not base64.' : 'The fake server only takes base64 data URLs (it cannot fetch remote images).' };
  const type = match[1] ?? '';
  if (!/^image\/(png|jpeg|jpg|webp|gif)$/.test(type)) return { problem: `Invalid MIME type ${type} for an image; use image/png, image/jpeg, image/webp or image/gif.` };
  return { bytes: Buffer.from(match[2] ?? '', 'base64'), type };
}

async function fromUrls(source: FakeInputImage['source'], urls: unknown[]): Promise<FakeInputImage[]> {
  return Promise.all(
    urls.map(async (url) => {
      const decoded = fromDataUrl(url);
      if ('problem' in decoded) return { source, mediaType: undefined, claimedType: undefined, sha256: '', size: 0, problem: decoded.problem };
      const described = await describe(source, decoded.bytes, decoded.type);
      const claimed = decoded.type === 'image/jpg' ? 'image/jpeg' : decoded.type;
      if (described.problem === undefined && described.mediaType !== claimed) return { ...described, problem: `The data URL says ${decoded.type} but holds ${described.mediaType ?? 'something else'}.` };
      return described;
    }),
  );
}

/** The images a request hands the model, checked; an empty list when it hands none. */
export async function collectInputImages(path: string, contentType: string | undefined, raw: Buffer, body: unknown): Promise<FakeInputImage[]> {
  const record = typeof body === 'object' && body !== null ? (body as Item) : {};
  if (path.endsWith('/images/edits')) {
    if (contentType?.startsWith('multipart/form-data') === true) {
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- a loopback test server parsing small bodies it was just sent
      const form = await new Request('http://fake.invalid/', { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(raw) }).formData();
      const files = [...form.getAll('image'), ...form.getAll('image[]')].filter((value): value is File => typeof value !== 'string');
      return Promise.all(files.map(async (file) => describe('image', Buffer.from(await file.arrayBuffer()), file.type === '' ? undefined : file.type)));
    }
    return fromUrls('images', asItems(record.images).map((image) => image.image_url));
  }
  if (path.endsWith('/responses')) {
    const input = typeof record.input === 'string' ? [] : asItems(record.input);
    const parts = input.filter((item) => item.role === 'user').flatMap((item) => asItems(item.content)).filter((part) => part.type === 'input_image');
    return fromUrls('input_image', parts.map((part) => part.image_url));
  }
  return [];
}
