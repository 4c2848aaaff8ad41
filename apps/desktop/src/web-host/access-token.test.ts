import { describe, expect, it } from 'vitest';

import { cookieValues, createAccessToken, isAuthorized, sessionCookie, sessionCookieName, tokensMatch } from './access-token.ts';

describe('access token', () => {
  it('is 32 random bytes in URL-safe characters, different every time', () => {
    const tokens = new Set(Array.from({ length: 50 }, () => createAccessToken()));
    expect(tokens.size).toBe(50);
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    }
  });

  it('matches only the exact token, whatever the length of what was sent', () => {
    const token = createAccessToken();
    expect(tokensMatch(token, token)).toBe(true);
    for (const presented of [undefined, '', token.slice(1), `${token}x`, token.toUpperCase(), ` ${token}`, 'x'.repeat(10_000)]) {
      expect(tokensMatch(token, presented), String(presented).slice(0, 20)).toBe(false);
    }
  });

  it('keeps the cookie away from scripts and other sites, named per port so two hosts do not share one', () => {
    expect(sessionCookie(4100, 'abc')).toBe('forge-session-4100=abc; Path=/; HttpOnly; SameSite=Strict');
    expect(sessionCookieName(4100)).not.toBe(sessionCookieName(4101));
  });

  it('reads every value of its cookie among others', () => {
    expect(cookieValues('a=1; forge-session-1=x; b=2;forge-session-1=y', 'forge-session-1')).toEqual(['x', 'y']);
    expect(cookieValues(undefined, 'a')).toEqual([]);
    expect(cookieValues('broken; a', 'a')).toEqual([]);
    expect(cookieValues(' a = 1 ;b=2', 'a')).toEqual(['1']);
  });

  it('admits a request with the token in the header or in its cookie, and no other', () => {
    const token = createAccessToken();
    expect(isAuthorized({ 'x-forge-token': token }, token, 1)).toBe(true);
    expect(isAuthorized({ cookie: `other=1; forge-session-1=${token}` }, token, 1)).toBe(true);
    expect(isAuthorized({ cookie: `forge-session-1=stale; forge-session-1=${token}` }, token, 1)).toBe(true);
    expect(isAuthorized({}, token, 1)).toBe(false);
    expect(isAuthorized({ 'x-forge-token': 'nope' }, token, 1)).toBe(false);
    expect(isAuthorized({ cookie: `forge-session-2=${token}` }, token, 1)).toBe(false);
    expect(isAuthorized({ cookie: `forge-session-1=${token.slice(0, 20)}` }, token, 1)).toBe(false);
  });
});
