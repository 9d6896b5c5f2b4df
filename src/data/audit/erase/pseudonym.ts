/**
 * The keyed pseudonym of an identifying value (a user id, an IP address, a user agent): HMAC-SHA-256
 * of its UTF-8 bytes with the organisation's key, written `hmac-sha256:<64 hex>` as Vault's audit
 * devices write hashed values. The same value always gives the same pseudonym, so counts per user
 * still add up and one person's records still group together; without the key the value cannot be
 * read back, and with it `audit hash VALUE` finds them.
 *
 * The key is a file only its owner can read: its bytes, less one trailing line end, at least 16
 * bytes. It never appears in any output, record or manifest.
 */
import { createHmac } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { UsageError } from '../../../errors.js';

export const PSEUDONYM_PREFIX = 'hmac-sha256:';
const PSEUDONYM_RE = /^hmac-sha256:[0-9a-f]{64}$/;
export const MIN_PSEUDONYM_KEY_BYTES = 16;

/** The organisation's key, loaded once; `source` names where it came from (never its bytes). */
export interface PseudonymKey {
  readonly bytes: Buffer;
  readonly source: string;
}

export function isPseudonym(value: unknown): value is string {
  return typeof value === 'string' && PSEUDONYM_RE.test(value);
}

export function pseudonymOf(key: PseudonymKey, value: string): string {
  return `${PSEUDONYM_PREFIX}${createHmac('sha256', key.bytes).update(value, 'utf8').digest('hex')}`;
}

/**
 * Reads the key file. A missing path, an unreadable or short file, or one that other users can read
 * or write (mode o+r/o+w) is bad input (exit 2) and nothing is written.
 */
export async function loadPseudonymKey(path: string, source: string): Promise<PseudonymKey> {
  let mode: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new UsageError(`the pseudonym key ${path} (${source}) is not a regular file`);
    mode = s.mode;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(
      `cannot read the pseudonym key ${path} (${source}): ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  if ((mode & 0o006) !== 0) {
    throw new UsageError(
      `the pseudonym key ${path} (${source}) can be read or written by every user of this host (mode ${(mode & 0o777).toString(8)}); refusing to use it`,
      { hint: `chmod 600 ${path}` },
    );
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new UsageError(
      `cannot read the pseudonym key ${path} (${source}): ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  // one trailing line end is the editor's, not the key's (`openssl rand -hex 32 > key` writes one)
  let end = bytes.length;
  if (end > 0 && bytes[end - 1] === 0x0a) end--;
  if (end > 0 && bytes[end - 1] === 0x0d) end--;
  bytes = bytes.subarray(0, end);
  if (bytes.length < MIN_PSEUDONYM_KEY_BYTES)
    throw new UsageError(
      `the pseudonym key ${path} (${source}) holds ${bytes.length} bytes; a key needs at least ${MIN_PSEUDONYM_KEY_BYTES}`,
      { hint: `make one: (umask 077; openssl rand -hex 32 > ${path})` },
    );
  return { bytes, source };
}

/**
 * `value` with every string equal to one of `values` (at any depth of objects and arrays) replaced by
 * its pseudonym; `changed` counts the replacements. Pseudonyms are never hashed again. Other values,
 * BSON types included, are kept as they are (the same object when nothing changed).
 */
export function pseudonymizeDeep(
  value: unknown,
  values: ReadonlySet<string>,
  key: PseudonymKey,
  counter: { changed: number },
): unknown {
  if (typeof value === 'string') {
    if (!values.has(value) || isPseudonym(value)) return value;
    counter.changed++;
    return pseudonymOf(key, value);
  }
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    value.forEach((v, i) => {
      const n = pseudonymizeDeep(v, values, key, counter);
      if (n !== v) (out ??= [...value])[i] = n;
    });
    return out ?? value;
  }
  if (isPlainDocument(value)) {
    let out: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(value)) {
      const n = pseudonymizeDeep(v, values, key, counter);
      if (n !== v) (out ??= { ...value })[k] = n;
    }
    return out ?? value;
  }
  return value;
}

/** Whether `value` holds one of `values` anywhere (a string equal to it). */
export function mentionsAny(value: unknown, values: ReadonlySet<string>): boolean {
  if (typeof value === 'string') return values.has(value);
  if (Array.isArray(value)) return value.some((v) => mentionsAny(v, values));
  if (isPlainDocument(value)) return Object.values(value).some((v) => mentionsAny(v, values));
  return false;
}

/** A sub-document (not a BSON value object such as Int32, ObjectId or Binary, which carry `_bsontype`). */
function isPlainDocument(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  if ('_bsontype' in (value as object)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
