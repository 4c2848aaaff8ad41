// Keeps API keys and bearer tokens out of any text we pass on (error messages, logs).
const secretPatterns: readonly RegExp[] = [
  /\bsk-[A-Za-z0-9_*-]{4,}/g,
  /\bBearer\s+[A-Za-z0-9._~+/=-]+/gi,
  /\b(api[_-]?key|access[_-]?token|authorization)(["']?\s*[:=]\s*["']?)[^\s"',;]+/gi,
];

/** Replaces anything that looks like a credential with `[redacted]`. */
export function redactSecrets(text: string, knownSecrets: readonly string[] = []): string {
  let result = text;
  for (const secret of knownSecrets) {
    if (secret.length >= 4) result = result.split(secret).join('[redacted]');
  }
  for (const pattern of secretPatterns) {
    result = result.replace(pattern, (_match: string, name: unknown, separator: unknown) =>
      typeof name === 'string' && typeof separator === 'string' ? `${name}${separator}[redacted]` : '[redacted]',
    );
  }
  return result;
}
