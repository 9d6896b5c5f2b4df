/**
 * Secrets that must never reach the user's screen, a log or a file. Every
 * message that may quote a URI or a server error passes through redact().
 */
export class SecretKeychain {
  private readonly secrets = new Set<string>();

  register(secret: string | undefined | null): void {
    if (!secret || secret.length < 1) return;
    this.secrets.add(secret);
    try {
      const decoded = decodeURIComponent(secret);
      if (decoded !== secret) this.secrets.add(decoded);
    } catch {
      // not percent-encoded: the raw form is enough
    }
    this.secrets.add(encodeURIComponent(secret));
  }

  /** Registers the password (and user info) found in a connection string. */
  registerUri(uri: string): void {
    const info = uriUserInfo(uri);
    if (info?.password) this.register(info.password);
  }

  redact(text: string): string {
    let out = redactUriPasswords(text);
    // longest first, so that a secret containing another is hidden whole
    const sorted = [...this.secrets].sort((a, b) => b.length - a.length);
    for (const secret of sorted) out = out.split(secret).join('****');
    return out;
  }
}

/** `mongodb://user:pass@host` → `mongodb://user:****@host`, anywhere in a text. */
export function redactUriPasswords(text: string): string {
  return text.replace(/(mongodb(?:\+srv)?:\/\/[^:/?#@\s]*):([^@\s]*)@/gi, '$1:****@');
}

export function uriUserInfo(uri: string): { user: string; password?: string } | undefined {
  const m = /^mongodb(?:\+srv)?:\/\/([^@/?#]*)@/i.exec(uri);
  if (!m || m[1] === undefined) return undefined;
  const userInfo = m[1];
  const colon = userInfo.indexOf(':');
  if (colon < 0) return { user: userInfo };
  return { user: userInfo.slice(0, colon), password: userInfo.slice(colon + 1) };
}
