// The one place Forge decides what looks like a credential. Every package scrubs text through
// it before the text leaves the process that holds the secret: error messages, logs, forwarded
// stderr, and the provenance written into image files (where prompts are user text, so the
// shapes are specific enough to leave ordinary words alone).
const tokenPatterns: readonly RegExp[] = [
  // OpenAI keys, including the masked form OpenAI echoes back (`sk-proj-****abcd`).
  /\bsk-[A-Za-z0-9_*-]{8,}/g,
  // GitHub tokens.
  /\b(?:gh[pousr]|github_pat)_[A-Za-z0-9_]{20,}/g,
  // AWS access key ids.
  /\bAKIA[0-9A-Z]{16}\b/g,
  // JWTs (ChatGPT sign-in tokens among them).
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
  /\b(?:Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
];

/** `name: value`, `name=value` and `"name": "value"` for the names that always hold a secret. */
const assignmentPattern =
  /("?\b(?:api[_-]?key|access[_-]?token|refresh[_-]?token|id[_-]?token|client[_-]?secret|password|authorization|x-openai-actor-authorization)"?\s*[:=]\s*["']?)([^"'\s,;}]{4,})/gi;

/**
 * Replaces anything shaped like an API key, token or password, and every string in
 * `knownSecrets` (a configured key, a header value; 4 characters or more), with `[redacted]`.
 */
export function redactSecrets(text: string, knownSecrets: readonly string[] = []): string {
  let redacted = text;
  for (const secret of knownSecrets) {
    if (secret.length >= 4) redacted = redacted.split(secret).join('[redacted]');
  }
  for (const pattern of tokenPatterns) redacted = redacted.replace(pattern, '[redacted]');
  return redacted.replace(assignmentPattern, (_match, prefix: string) => `${prefix}[redacted]`);
}
