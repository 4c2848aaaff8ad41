// Electron's `forge-asset://asset/<relative path>`: the images the store saved, under the same
// rules as the web host's `/files/` (served-image.ts). A malformed URL is the caller's mistake,
// answered 400; nothing here throws into Electron's protocol machinery.
import { decodePathSegments, MalformedPathError } from '../web-host/request-path.ts';
import { imageResponseHeaders, openServedImage } from '../web-host/served-image.ts';
import type { ImageSource } from '../web-host/served-image.ts';

export const assetScheme = 'forge-asset';

/** The URL the renderer gets for a stored file. */
export function assetProtocolUrl(relativePath: string): string {
  return `${assetScheme}://asset/${relativePath.split('/').map(encodeURIComponent).join('/')}`;
}

/** The answer to one `forge-asset:` request. */
export async function respondToAssetRequest(source: ImageSource, requestUrl: string): Promise<Response> {
  let relativePath: string;
  try {
    const url = new URL(requestUrl);
    if (url.host !== 'asset') return new Response('Not found', { status: 404 });
    relativePath = decodePathSegments(url.pathname).join('/');
  } catch (error) {
    return new Response(error instanceof MalformedPathError ? 'Bad request' : 'Not found', { status: error instanceof MalformedPathError ? 400 : 404 });
  }
  const image = await openServedImage(source, relativePath);
  if (image === undefined) return new Response('Not found', { status: 404 });
  try {
    const bytes = await image.handle.readFile();
    return new Response(bytes, { status: 200, headers: { ...imageResponseHeaders, 'content-type': image.contentType, 'content-length': String(bytes.length) } });
  } catch {
    return new Response('Not found', { status: 404 });
  } finally {
    await image.handle.close();
  }
}
