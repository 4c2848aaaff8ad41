// Turns a request's raw path into decoded segments, refusing what no page of ours would ask
// for: malformed percent-encoding and NUL. Those are the client's mistake (400), never a crash.

export class MalformedPathError extends Error {
  override readonly name = 'MalformedPathError';
}

/** The decoded segments of a raw URL path (`/files/a%20b.png` → `['files', 'a b.png']`). */
export function decodePathSegments(rawPath: string): string[] {
  if (!rawPath.startsWith('/')) throw new MalformedPathError('A request path starts with "/".');
  return rawPath
    .slice(1)
    .split('/')
    .map((segment) => {
      let decoded: string;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        throw new MalformedPathError('The path has malformed percent-encoding.');
      }
      if (decoded.includes('\0')) throw new MalformedPathError('The path contains a NUL character.');
      return decoded;
    });
}

/** The raw path and query of a request target, without trusting it to be a well-formed URL. */
export function splitRequestTarget(target: string): { rawPath: string; query: URLSearchParams } {
  const mark = target.indexOf('?');
  const rawPath = mark < 0 ? target : target.slice(0, mark);
  if (rawPath.includes('\0')) throw new MalformedPathError('The path contains a NUL character.');
  return { rawPath, query: new URLSearchParams(mark < 0 ? '' : target.slice(mark + 1)) };
}
