// The web host's proof that a request comes from its own page: a random token printed once in
// the terminal, kept by the browser as an HttpOnly cookie, or sent by tools as a header. Loopback
// is shared by every user and process on the machine, so Host and Origin checks alone admit them.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** The header tests and tools send the token in. */
export const tokenHeader = 'x-forge-token';

/** 32 random bytes, URL-safe, so the printed link can be pasted as is. */
export function createAccessToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Compares in constant time: hashing first gives both sides the same length whatever was sent. */
export function tokensMatch(expected: string, presented: string | undefined): boolean {
  if (presented === undefined || presented === '') return false;
  const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(expected), digest(presented));
}

/**
 * Cookies are not scoped by port, so each running host names its own: two Forge windows on
 * different ports keep their sessions apart.
 */
export function sessionCookieName(port: number): string {
  return `forge-session-${String(port)}`;
}

/** The Set-Cookie value that keeps the token away from scripts and from other sites' requests. */
export function sessionCookie(port: number, token: string): string {
  return `${sessionCookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}

/** Every value the request's Cookie header gives `name` (a browser may send the same name twice). */
export function cookieValues(header: string | undefined, name: string): string[] {
  if (header === undefined) return [];
  const values: string[] = [];
  for (const pair of header.split(';')) {
    const separator = pair.indexOf('=');
    if (separator < 0) continue;
    if (pair.slice(0, separator).trim() === name) values.push(pair.slice(separator + 1).trim());
  }
  return values;
}

/** Whether the request carries the token, in the header or the session cookie. */
export function isAuthorized(headers: IncomingHttpHeaders, token: string, port: number): boolean {
  const header = headers[tokenHeader];
  const presented = [...(Array.isArray(header) ? header : header === undefined ? [] : [header]), ...cookieValues(headers.cookie, sessionCookieName(port))];
  // Every candidate is compared, so the time taken does not say which one was close.
  let matched = false;
  for (const candidate of presented) matched = tokensMatch(token, candidate) || matched;
  return matched;
}
