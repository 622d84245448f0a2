/**
 * Keeps credentials out of log lines. The server's request log passes every line through
 * `redact`; it must never log request headers at all (Authorization, Cookie), and this is the
 * second line of defence for tokens that end up in a URL or an error message.
 */

const rules: [RegExp, string][] = [
  // `Authorization: Bearer …` / `Basic …` values, however they were quoted into the line.
  [/\b(Bearer|Basic)(\s+|%20|\+)[^\s"',;]+/gi, "$1 [redacted]"],
  // Our own tokens wherever they appear.
  [/argosy_[A-Za-z0-9_-]+/g, "[redacted]"],
  // Credentials passed as query parameters.
  [/([?&](?:access_token|token|authorization)=)[^&\s"']*/gi, "$1[redacted]"],
];

/** `text` with bearer/basic credentials, `argosy_…` tokens and token query parameters replaced by `[redacted]`. */
export function redact(text: string): string {
  let out = text;
  for (const [pattern, replacement] of rules) out = out.replace(pattern, replacement);
  return out;
}
