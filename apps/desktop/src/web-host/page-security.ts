// The headers every page the web host serves carries, and the page shown to a browser that
// has not opened the printed link. The renderer's own policy lives in its index.html (Electron
// reads that); the header repeats it and adds what only a header can say: no framing, so no
// other page can lay the app under its own and trick a click on Approve.

/** The renderer's policy, as in `src/renderer/index.html` (a test keeps the two equal). */
export const rendererContentSecurityPolicy = "default-src 'self'; img-src 'self' data: blob: forge-asset:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'";

export const pageHeaders = {
  'content-security-policy': `${rendererContentSecurityPolicy}; frame-ancestors 'none'`,
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
} as const;

/** For JSON and event-stream answers: nothing in them may run or be framed. */
export const dataHeaders = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
} as const;

/** Shown at `/` without the session cookie: how to get in, and nothing of the app. */
export const openTheLinkPage = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="color-scheme" content="light dark" />
    <title>Forge</title>
    <style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:15vh auto;padding:0 1.5rem}code{font-size:.95em}</style>
  </head>
  <body>
    <h1>Open Forge from its link</h1>
    <p>Forge admits only the browser that opened the link it printed when it started. Open the link in the terminal where you ran <code>pnpm start</code> — the line that starts with <code>Open http://127.0.0.1:</code> and carries a <code>?token=</code>.</p>
    <p>Each start prints a new link, so after restarting Forge open the new one.</p>
  </body>
</html>
`;

/** The sign-in page has one inline style and nothing else. */
export const openTheLinkPageHeaders = {
  ...pageHeaders,
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
} as const;
