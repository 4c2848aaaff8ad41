// Which link targets a chat message may carry. Model output is untrusted: only web and mail
// links survive; `javascript:`, `data:`, `file:`, relative paths and anything unparsable
// become plain text (the host opens the survivors in the system browser).
const allowedProtocols = new Set(['http:', 'https:', 'mailto:']);

/** `url` when it is an absolute http(s) or mailto URL, else '' (react-markdown's "drop it"). */
export function safeUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return '';
  }
  return allowedProtocols.has(parsed.protocol) ? parsed.href : '';
}
