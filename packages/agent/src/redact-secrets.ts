// Scrubs secrets (API keys, bearer tokens, JWTs, header values we configured) out of text
// before it reaches a log, an error message or forwarded stderr.
const tokenPatterns: readonly RegExp[] = [
  /\bsk-[A-Za-z0-9_-]{8,}/g,
  /\b(?:Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
];
const keyValuePattern =
  /("?(?:api[_-]?key|access[_-]?token|refresh[_-]?token|id[_-]?token|authorization|x-openai-actor-authorization)"?\s*[:=]\s*"?)([^"\s,}]{4,})/gi;

/** Replaces anything that looks like a credential, and every string in `secrets`, with `[redacted]`. */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let redacted = text;
  for (const secret of secrets) {
    if (secret.length >= 4) redacted = redacted.split(secret).join('[redacted]');
  }
  for (const pattern of tokenPatterns) redacted = redacted.replace(pattern, '[redacted]');
  return redacted.replace(keyValuePattern, (_match, prefix: string) => `${prefix}[redacted]`);
}
