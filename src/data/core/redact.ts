/**
 * Secrets that must never reach the user's screen, a log or a file. Every
 * message that may quote a URI or a server error passes through redact().
 */
export class SecretKeychain {
  private readonly secrets = new Set<string>();

  register(secret: string | undefined | null): void {
    // a very short secret is hidden in its URI form only: replacing every "e"
    // in a message would make it unreadable and give the secret away
    if (!secret || secret.length < MIN_FREE_TEXT_SECRET) return;
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

const MIN_FREE_TEXT_SECRET = 4;

/** URI options whose values are secrets (matched case-insensitively by name). */
const SECRET_OPTION =
  /^(?:[^=&\s]*password[^=&\s]*|authMechanismProperties|[^=&\s]*token[^=&\s]*|[^=&\s]*secret[^=&\s]*)$/i;

/**
 * `mongodb://user:pass@host` → `mongodb://user:****@host`, anywhere in a text;
 * the values of secret options (tlsCertificateKeyFilePassword,
 * authMechanismProperties, ...) in a connection string's query are hidden too.
 */
export function redactUriPasswords(text: string): string {
  return (
    text
      // the password runs to the last "@" of the connection string: an unescaped "@" or "/" in it must not leak its tail
      .replace(/(mongodb(?:\+srv)?:\/\/[^:/?#@\s]*):[^\s]*@/gi, '$1:****@')
      .replace(
        /(mongodb(?:\+srv)?:\/\/[^?\s]*\?)([^\s]*)/gi,
        (_m, head: string, query: string) =>
          head +
          query
            .split('&')
            .map((pair) => {
              const eq = pair.indexOf('=');
              return eq > 0 && SECRET_OPTION.test(pair.slice(0, eq)) ? `${pair.slice(0, eq)}=****` : pair;
            })
            .join('&'),
      )
  );
}

export function uriUserInfo(uri: string): { user: string; password?: string } | undefined {
  const m = /^mongodb(?:\+srv)?:\/\/([^@/?#]*)@/i.exec(uri);
  if (!m || m[1] === undefined) return undefined;
  const userInfo = m[1];
  const colon = userInfo.indexOf(':');
  if (colon < 0) return { user: userInfo };
  return { user: userInfo.slice(0, colon), password: userInfo.slice(colon + 1) };
}
