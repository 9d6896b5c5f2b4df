/**
 * How far a manifest can be trusted, in words and as a state: signed by a
 * trusted Ed25519 key (its detached signature checked over the manifest's
 * exact bytes), signed by a key not trusted, HMAC with the shared key, or
 * unsigned (integrity only). `--require-signature` turns every level below
 * "signed by a trusted key" into a problem naming the file and the reason.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { unsignedText, type ExportManifest, type SigningMode } from './manifest.js';
import { verifyBytes, type TrustedKey } from './signing.js';

export type SignatureState = 'valid' | 'invalid' | 'unsigned' | 'unchecked';

export interface SignatureCheck {
  state: SignatureState;
  signing: SigningMode;
  keyId: string | null;
  /** the level in words: "signed by key K (trusted)", "HMAC with the shared key", "unsigned: integrity only ..." */
  level: string;
  problems: string[];
}

export interface SignatureOptions {
  hmacKey?: string | undefined;
  /** --trusted-key: undefined when none was given */
  trustedKeys?: readonly TrustedKey[] | undefined;
  requireSignature?: boolean | undefined;
}

export const UNSIGNED_WORDS = 'unsigned: integrity only — anyone who can write the files can recompute the chain';

function checkHmac(m: ExportManifest, key: string | undefined): Pick<SignatureCheck, 'state' | 'level' | 'problems'> {
  if (!key)
    return {
      state: 'unchecked',
      level: 'HMAC with the shared key (not checked: WFCTL_EXPORT_HMAC_KEY is not set)',
      problems: [],
    };
  const expected = Buffer.from(createHmac('sha256', key).update(unsignedText(m)).digest('hex'));
  const actual = Buffer.from(String(m.signature!.value));
  const ok = expected.length === actual.length && timingSafeEqual(expected, actual);
  return ok
    ? { state: 'valid', level: 'HMAC with the shared key', problems: [] }
    : {
        state: 'invalid',
        level: 'HMAC with the shared key (does not match)',
        problems: ['the manifest signature does not match: the manifest was altered or signed with another key'],
      };
}

async function checkEd25519(
  m: ExportManifest,
  manifestPath: string,
  bytes: Buffer,
  o: SignatureOptions,
): Promise<Pick<SignatureCheck, 'state' | 'level' | 'problems'>> {
  const { keyId, signatureFile } = m.signing!;
  const name = basename(manifestPath);
  const sigPath = join(dirname(manifestPath), signatureFile);
  const trusted = o.trustedKeys?.filter((k) => k.keyId === keyId) ?? [];
  if (trusted.length === 0) {
    const why =
      o.trustedKeys === undefined ? 'not checked: no --trusted-key given' : 'not trusted: not a --trusted-key';
    return {
      state: 'unchecked',
      level: `signed by key ${keyId} (${why})`,
      problems: o.requireSignature
        ? [`${name} is signed by key ${keyId}, which is not a --trusted-key (--require-signature)`]
        : [],
    };
  }
  let sig: Buffer;
  try {
    sig = await readFile(sigPath);
  } catch {
    return {
      state: 'invalid',
      level: `signed by key ${keyId} (signature missing)`,
      problems: [`${name} names its signature ${signatureFile}, which is missing: the signature was removed`],
    };
  }
  if (trusted.some((k) => verifyBytes(k.publicKey, bytes, sig)))
    return { state: 'valid', level: `signed by key ${keyId} (trusted)`, problems: [] };
  return {
    state: 'invalid',
    level: `signed by key ${keyId} (bad signature)`,
    problems: [
      `${name}: the signature ${signatureFile} does not match under key ${keyId}: the manifest was altered after signing`,
    ],
  };
}

/** The signature level of one manifest, from its exact bytes. */
export async function checkManifestSignature(
  m: ExportManifest,
  manifestPath: string,
  bytes: Buffer,
  o: SignatureOptions,
): Promise<SignatureCheck> {
  const name = basename(manifestPath);
  if (m.signing) {
    const r = await checkEd25519(m, manifestPath, bytes, o);
    return { ...r, signing: 'ed25519', keyId: m.signing.keyId };
  }
  if (m.signature) {
    const r = checkHmac(m, o.hmacKey);
    if (o.requireSignature)
      r.problems.push(`${name} has an HMAC only, not a signature by a --trusted-key (--require-signature)`);
    return { ...r, signing: 'hmac-sha256', keyId: null };
  }
  const problems: string[] = [];
  if (o.requireSignature) problems.push(`${name} is unsigned (--require-signature)`);
  if (o.hmacKey) problems.push('the manifest is not signed, but WFCTL_EXPORT_HMAC_KEY is set');
  return { state: 'unsigned', signing: 'none', keyId: null, level: UNSIGNED_WORDS, problems };
}
