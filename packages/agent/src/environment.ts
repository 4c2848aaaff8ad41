// The package's one config module: the only place that reads process.env. Child processes
// get an allow-listed copy, so keys like OPENAI_API_KEY never leak into Codex.
const inheritedNames = [
  'PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TZ', 'TMPDIR', 'TEMP', 'TMP',
  'SystemRoot', 'SYSTEMROOT', 'windir', 'ComSpec', 'PATHEXT', 'APPDATA', 'LOCALAPPDATA', 'USERPROFILE', 'HOMEDRIVE', 'HOMEPATH',
  'SSL_CERT_FILE', 'SSL_CERT_DIR', 'HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY', 'https_proxy', 'http_proxy', 'no_proxy',
] as const;

/** The parent's environment, reduced to what a child process needs to run and reach the network. */
export function inheritedEnvironment(): Record<string, string> {
  // eslint-disable-next-line no-restricted-properties -- this is the package's one config module
  const source = process.env;
  const environment: Record<string, string> = {};
  for (const name of inheritedNames) {
    const value = source[name];
    if (value !== undefined) environment[name] = value;
  }
  return environment;
}
