// Electron's `forge-asset://thumbnail/<relative path>?h=192|384&v=<version>`: the Library's
// thumbnails, the same replies as the web host's `/thumbnails/` (thumbnail-route.ts), for the
// images `forge-asset://asset/` would serve and nothing else. Other features (chat-inline
// thumbnails) build these URLs with `thumbnailProtocolUrl`; keep the shape stable.
import type { AssetStore } from '@forge/asset-store';

import type { Logger } from '../services/index.ts';
import { replyWithThumbnail, thumbnailUrl } from '../services/library/index.ts';
import { decodePathSegments, MalformedPathError } from '../web-host/request-path.ts';
import { imageResponseHeaders, servedImagePath } from '../web-host/served-image.ts';
import { assetScheme } from './asset-protocol.ts';

/** The URL the renderer gets for a stored image's thumbnail. */
export const thumbnailProtocolUrl = thumbnailUrl(`${assetScheme}://thumbnail/`);

/** The answer to one `forge-asset://thumbnail/` request; never throws into Electron's protocol machinery. */
export async function respondToThumbnailRequest(store: AssetStore, requestUrl: string, ifNoneMatch: string | undefined, logger: Logger): Promise<Response> {
  let relativePath: string;
  let search: URLSearchParams;
  try {
    const url = new URL(requestUrl);
    if (url.host !== 'thumbnail') return new Response('Not found', { status: 404 });
    relativePath = decodePathSegments(url.pathname).join('/');
    search = url.searchParams;
  } catch (error) {
    return new Response(error instanceof MalformedPathError ? 'Bad request' : 'Not found', { status: error instanceof MalformedPathError ? 400 : 404 });
  }
  if (servedImagePath(store, relativePath) === undefined) return new Response('Not found', { status: 404 });
  try {
    const reply = await replyWithThumbnail(store, relativePath, search, ifNoneMatch);
    return new Response(reply.body === undefined ? null : new Uint8Array(reply.body), { status: reply.status, headers: { ...imageResponseHeaders, ...reply.headers } });
  } catch (error) {
    logger.error('thumbnail failed', error);
    return new Response('Thumbnail failed', { status: 500 });
  }
}
