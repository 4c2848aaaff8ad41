import { describe, expect, it } from 'vitest';

import { decodePathSegments, MalformedPathError, splitRequestTarget } from './request-path.ts';

describe('request path', () => {
  it('decodes each segment on its own, so an encoded slash stays inside its segment', () => {
    expect(decodePathSegments('/files/.forge/generated/a%20b.png')).toEqual(['files', '.forge', 'generated', 'a b.png']);
    expect(decodePathSegments('/files/..%2Fsecret')).toEqual(['files', '../secret']);
    expect(decodePathSegments('/')).toEqual(['']);
  });

  it('refuses malformed percent-encoding and NUL, encoded or not', () => {
    for (const path of ['/%ZZ', '/files/%E0%A4%A', '/a%', '/a%0']) expect(() => decodePathSegments(path), path).toThrow('The path has malformed percent-encoding.');
    for (const path of ['/files/a%00b', '/x\0y']) expect(() => decodePathSegments(path), path).toThrow('The path contains a NUL character.');
    expect(() => decodePathSegments('relative')).toThrow(MalformedPathError);
    expect(() => decodePathSegments('relative')).toThrow('A request path starts with "/".');
  });

  it('splits off the query without decoding the path', () => {
    const { rawPath, query } = splitRequestTarget('/a%2Fb?token=abc&x=%ZZ');
    expect(rawPath).toBe('/a%2Fb');
    expect(query.get('token')).toBe('abc');
    expect(splitRequestTarget('/plain').query.size).toBe(0);
    expect(() => splitRequestTarget('/a\0?b')).toThrow('The path contains a NUL character.');
    const bare = splitRequestTarget('?token=x');
    expect([bare.rawPath, bare.query.get('token')]).toEqual(['', 'x']);
  });
});
