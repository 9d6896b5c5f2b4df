/**
 * Public-key signatures of export manifests (Ed25519, node:crypto), made so
 * that an auditor can check them with openssl alone:
 *
 * - A key pair: the private key as PKCS#8 PEM (written 0600, refused when
 *   group or others can read it, as ssh refuses), the public key as SPKI PEM.
 * - The key id: the first 16 hex digits of the SHA-256 of the public key's
 *   DER (SPKI) bytes; `openssl pkey -pubin -in KEY.pub.pem -outform DER |
 *   sha256sum | cut -c1-16` prints the same.
 * - The signature: a detached file beside the manifest (MANIFEST.sig), the
 *   raw 64-byte Ed25519 signature over the manifest file's exact bytes, as
 *   `openssl pkeyutl -verify -pubin -inkey KEY.pub.pem -rawin -in MANIFEST
 *   -sigfile MANIFEST.sig` reads it. The manifest itself names the algorithm
 *   and the key id (`signing`), so the signature covers them too.
 *
 * The private key never leaves this module as text: no message, manifest or
 * record holds it.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { link, lstat, mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createTempFile, fsyncDir, tempPathBeside } from '../../../atomic-file.js';
import { quoteInput } from '../../../quote.js';
import { UsageError } from '../../../errors.js';
import { basename } from 'node:path';
import { manifestPathFor, manifestText, signManifest, type ExportManifest, type SigningMode } from './manifest.js';

export const SIGNATURE_ALGORITHM = 'ed25519';
/** The file names `audit keygen --out DIR` writes. */
export const PRIVATE_KEY_FILE = 'audit-signing-key.pem';
export const PUBLIC_KEY_FILE = 'audit-signing-key.pub.pem';

/** A private key ready to sign manifests (what `audit export --sign-key` loads). */
export interface SigningKey {
  algorithm: typeof SIGNATURE_ALGORITHM;
  keyId: string;
  /** never printed: a KeyObject, not its PEM */
  privateKey: KeyObject;
}

/** A public key the auditor trusts (`audit verify --trusted-key`). */
export interface TrustedKey {
  keyId: string;
  publicKey: KeyObject;
  /** the file it was read from */
  source: string;
}

/** The key id of a public key: first 16 hex digits of SHA-256 over its SPKI DER. */
export function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

/** A fresh Ed25519 pair as PEM texts and its key id. */
export function generateSigningKeyPair(): { privatePem: string; publicPem: string; keyId: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    keyId: keyIdOf(publicKey),
  };
}

/** Writes `text` at `path` with `mode`, atomically, never over an existing file (link() fails with EEXIST). */
async function writeNew(path: string, text: string, mode: number): Promise<void> {
  const tmp = tempPathBeside(path);
  try {
    const fh = await createTempFile(tmp, mode);
    try {
      await fh.writeFile(text, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await link(tmp, path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw existing(path);
    throw err;
  } finally {
    await rm(tmp, { force: true }).catch(() => undefined);
  }
}

function existing(path: string): UsageError {
  return new UsageError(`${quoteInput(path)} exists; audit keygen never replaces a key`, {
    hint: 'name another --out folder (a key in use signs series that verify with its public key)',
  });
}

export interface KeyPairFiles {
  keyId: string;
  privateKey: string;
  publicKey: string;
}

/**
 * `audit keygen --out DIR`: a fresh Ed25519 pair in DIR (made 0700 when missing): the private key
 * 0600, the public key 0644, each written atomically and refused (exit 2) over an existing file.
 */
export async function writeSigningKeyPair(dir: string): Promise<KeyPairFiles> {
  const folder = resolve(dir);
  const s = await stat(folder).catch(() => undefined);
  if (s && !s.isDirectory()) throw new UsageError(`--out ${quoteInput(dir)} is not a folder`);
  if (!s) await mkdir(folder, { recursive: true, mode: 0o700 });
  const privatePath = join(folder, PRIVATE_KEY_FILE);
  const publicPath = join(folder, PUBLIC_KEY_FILE);
  for (const p of [privatePath, publicPath])
    if (
      await lstat(p).then(
        () => true,
        () => false,
      )
    )
      throw existing(p);
  const pair = generateSigningKeyPair();
  await writeNew(privatePath, pair.privatePem, 0o600);
  await writeNew(publicPath, pair.publicPem, 0o644);
  await fsyncDir(folder);
  return { keyId: pair.keyId, privateKey: privatePath, publicKey: publicPath };
}

/**
 * Reads a private signing key. Refused (exit 2) when group or others may read
 * it (the chmod that fixes it in the hint), when it is not a PEM private key,
 * or not Ed25519. No message quotes the file's content.
 */
export async function loadSigningKey(path: string, label = '--sign-key'): Promise<SigningKey> {
  let mode: number;
  let text: string;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new UsageError(`${label} ${quoteInput(path)} is not a regular file`);
    mode = s.mode;
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new UsageError(`${label} ${quoteInput(path)} does not exist`, {
        hint: 'make a key pair with: wfctl audit keygen --out DIR',
      });
    throw new UsageError(`cannot read ${label} ${quoteInput(path)}: ${code ?? 'read error'}`);
  }
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text) && (mode & 0o077) !== 0) {
    throw new UsageError(
      `${label} ${quoteInput(path)} is a private key that other users can read (mode ${(mode & 0o777).toString(8).padStart(4, '0')}); it is not used`,
      { hint: `chmod 600 ${quoteInput(path)}` },
    );
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: text, format: 'pem' });
  } catch {
    throw new UsageError(`${label} ${quoteInput(path)} is not a PEM private key`, {
      hint: 'give the private key `wfctl audit keygen` wrote (audit-signing-key.pem), not the public one',
    });
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new UsageError(
      `${label} ${quoteInput(path)} is a ${key.asymmetricKeyType ?? 'unknown'} key; manifests are signed with Ed25519`,
      { hint: 'make an Ed25519 pair with: wfctl audit keygen --out DIR' },
    );
  return { algorithm: SIGNATURE_ALGORITHM, keyId: keyIdOf(createPublicKey(key)), privateKey: key };
}

/** The detached signature of a manifest's exact bytes (64 raw bytes). */
export function signBytes(key: SigningKey, bytes: Uint8Array): Buffer {
  return sign(null, bytes, key.privateKey);
}

export function verifyBytes(key: KeyObject, bytes: Uint8Array, signature: Uint8Array): boolean {
  try {
    return verify(null, bytes, key, signature);
  } catch {
    return false;
  }
}

/** The signature file beside a manifest. */
export function signaturePathFor(manifestPath: string): string {
  return `${manifestPath}.sig`;
}

async function readPublicKey(path: string): Promise<TrustedKey> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'ENOENT'
        ? `--trusted-key ${quoteInput(path)} does not exist`
        : `cannot read --trusted-key ${quoteInput(path)}: ${code ?? 'read error'}`,
    );
  }
  if (/-----BEGIN (ENCRYPTED |RSA |EC |OPENSSH )?PRIVATE KEY-----/.test(text))
    throw new UsageError(
      `--trusted-key ${quoteInput(path)} holds a private key; an auditor needs only the public key`,
      {
        hint: 'give the public key (audit-signing-key.pub.pem), and keep the private key with whoever exports',
      },
    );
  let key: KeyObject;
  try {
    key = createPublicKey({ key: text, format: 'pem' });
  } catch {
    throw new UsageError(`--trusted-key ${quoteInput(path)} is not a PEM public key`);
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new UsageError(
      `--trusted-key ${quoteInput(path)} is a ${key.asymmetricKeyType ?? 'unknown'} key; manifests are signed with Ed25519`,
    );
  return { keyId: keyIdOf(key), publicKey: key, source: path };
}

/**
 * The keys of each --trusted-key: a PEM file, or a folder whose *.pem files
 * are each a public key (key rotation: the old and the new key side by side).
 */
export async function loadTrustedKeys(paths: readonly string[]): Promise<TrustedKey[]> {
  const keys: TrustedKey[] = [];
  for (const p of paths) {
    const s = await lstat(p).catch(() => undefined);
    if (s?.isDirectory()) {
      const names = (await readdir(p)).filter((n) => n.endsWith('.pem')).sort();
      if (names.length === 0)
        throw new UsageError(`--trusted-key ${quoteInput(p)} is a folder without .pem files`, {
          hint: 'put the public keys (KEY.pub.pem) there, or name a key file',
        });
      for (const n of names) keys.push(await readPublicKey(join(p, n)));
    } else keys.push(await readPublicKey(p));
  }
  return keys;
}

/** How this run signs (HMAC and Ed25519 together are refused). */
export function signingOf(options: { hmacKey?: string; signKey?: SigningKey }): SigningMode {
  if (options.hmacKey && options.signKey)
    throw new UsageError('WFCTL_EXPORT_HMAC_KEY and --sign-key are both set: a manifest is signed one way', {
      hint: 'an HMAC series goes on with the shared key (unset --sign-key); a new series signed with --sign-key needs WFCTL_EXPORT_HMAC_KEY unset',
    });
  return options.signKey ? 'ed25519' : options.hmacKey ? 'hmac-sha256' : 'none';
}

const SIGNING_WORDS: Record<SigningMode, string> = {
  none: 'unsigned',
  'hmac-sha256': 'HMAC-signed with the shared key (WFCTL_EXPORT_HMAC_KEY)',
  ed25519: 'signed with an Ed25519 key (--sign-key)',
};

/**
 * A series keeps how it is signed: HMAC and Ed25519 are never mixed, and a signed series does not go
 * on unsigned (a run whose key went missing). An unsigned series may start signing.
 */
export function refuseMixedSigning(
  was: SigningMode | undefined,
  options: { hmacKey?: string; signKey?: SigningKey },
  series: { id: string; index: number } | null,
): void {
  const now = signingOf(options);
  if (!series || was === undefined || was === now || (was === 'none' && now !== 'none')) return;
  throw new UsageError(
    `series ${series.id} is ${SIGNING_WORDS[was]}; this run would be ${SIGNING_WORDS[now]}: a series is not signed two ways, nothing was exported`,
    {
      hint:
        was === 'ed25519'
          ? 'give the series its --sign-key (or WFCTL_EXPORT_SIGNING_KEY_FILE), a new key is fine: verify with both keys trusted'
          : was === 'hmac-sha256'
            ? 'set WFCTL_EXPORT_HMAC_KEY for this series, or start a new series (a new --checkpoint) signed with --sign-key'
            : 'start a new series (a new --checkpoint file)',
    },
  );
}

/**
 * The manifest as written: named its Ed25519 key (`signing`) or HMAC-signed, its exact text, and the
 * detached signature over that text (with a signing key).
 */
export function sealManifest(
  m: ExportManifest,
  output: string,
  o: { hmacKey?: string; signKey?: SigningKey },
): { manifest: ExportManifest; text: string; signature: Buffer | undefined } {
  let sealed = m;
  if (o.signKey)
    sealed = {
      ...sealed,
      signing: {
        algorithm: 'ed25519',
        keyId: o.signKey.keyId,
        signatureFile: basename(signaturePathFor(manifestPathFor(output))),
      },
    };
  if (o.hmacKey) sealed = signManifest(sealed, o.hmacKey);
  const text = manifestText(sealed);
  return {
    manifest: sealed,
    text,
    signature: o.signKey ? signBytes(o.signKey, Buffer.from(text, 'utf8')) : undefined,
  };
}
