/**
 * Reading one export file against its manifest, the parts `audit verify` and
 * `audit archive` share: the manifest with its signature checked, the result
 * of a file, the whole file read into its hash; and the archive's read-back of
 * a file this process has just exported (verifyWrittenExport), which hashes
 * the bytes instead of parsing the records again.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { UsageError } from '../../../errors.js';
import { manifestSha256 } from './manifest.js';
import type { ExportFormat } from './format.js';
import type { SigningMode } from './manifest.js';
import { loadManifest } from './verify-manifest.js';
import { checkManifestSignature, type SignatureOptions, type SignatureState } from './verify-signature.js';

export interface VerifyProblem {
  kind: 'record' | 'file' | 'manifest' | 'signature' | 'series' | 'database';
  message: string;
  /** 1-based record position, where the problem is in a record */
  position?: number;
  id?: string | null;
}

export interface VerifyFileResult {
  file: string;
  manifest: string;
  exportFormat: ExportFormat;
  records: number;
  sha256: string;
  chainHead: string;
  /** SHA-256 of the manifest file's bytes (what the next export of a series links to) */
  manifestSha256: string;
  /** valid: checked (a trusted key's signature, or the HMAC); unchecked: signed, but not checked */
  signature: SignatureState;
  /** how the manifest is signed, and by which key (Ed25519) */
  signing: SigningMode;
  keyId: string | null;
  /** the level in words: "signed by key K (trusted)", "HMAC with the shared key", "unsigned: integrity only ..." */
  level: string;
  series: { id: string; index: number; totalRecords: number | null } | null;
  ok: boolean;
  problems: VerifyProblem[];
}

/** The manifest of one export, its signature checked, and the problems found in it before the file is read. */
export async function manifestHead(path: string, o: SignatureOptions) {
  const { file, manifestPath, manifest: m, bytes: manifestBytes } = await loadManifest(path);
  const problems: VerifyProblem[] = [];
  const sig = await checkManifestSignature(m, manifestPath, manifestBytes, o);
  for (const message of sig.problems) problems.push({ kind: 'signature', message });
  if (m.series?.previous && m.chain.genesis !== m.series.previous.chainHead) {
    problems.push({
      kind: 'manifest',
      message: "the manifest chain does not start at the previous export's chain head",
    });
  }
  return { file, manifestPath, m, manifestHash: manifestSha256(manifestBytes), sig, problems };
}
export type ManifestHead = Awaited<ReturnType<typeof manifestHead>>;

export function fileResultOf(h: ManifestHead, records: number): VerifyFileResult {
  const { m, sig, problems } = h;
  return {
    file: h.file,
    manifest: h.manifestPath,
    exportFormat: m.exportFormat,
    records,
    sha256: m.sha256,
    chainHead: m.chain.head,
    manifestSha256: h.manifestHash,
    signature: sig.state,
    signing: sig.signing,
    keyId: sig.keyId,
    level: sig.level,
    series: m.series ? { id: m.series.id, index: m.series.index, totalRecords: m.series.totalRecords ?? null } : null,
    ok: problems.length === 0,
    problems,
  };
}

/**
 * Reads every byte of a file into the hash (and `each`, decoded as text when a framer needs it);
 * false when the file is missing (any other read error is exit 2).
 */
export async function readWhole(
  file: string,
  hash: Hash,
  each?: (text: string) => void,
): Promise<{ found: boolean; bytes: number }> {
  const decoder = each ? new StringDecoder('utf8') : undefined;
  let bytes = 0;
  try {
    for await (const chunk of createReadStream(file)) {
      const buf = chunk as Buffer;
      bytes += buf.length;
      hash.update(buf);
      if (each) each(decoder!.write(buf));
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
    return { found: false, bytes };
  }
  if (each) each(decoder!.end());
  return { found: true, bytes };
}

/** What the export that wrote a file knew of it: its records, hash, size and chain head. */
export interface WrittenExport {
  records: number;
  sha256: string;
  bytes: number;
  chainHead: string;
}

/**
 * Reads back a file this process has just exported: every byte is hashed again and must be the
 * bytes the export wrote (its SHA-256 and size), and the manifest beside it must state what the
 * export wrote (records, hash, size, chain head), under a signature that checks out. The records
 * are not parsed again: the chain is a function of the bytes, computed over them as they were
 * written. A file from an earlier run is verified whole (verifyExportFile).
 */
export async function verifyWrittenExport(
  path: string,
  written: WrittenExport,
  o: SignatureOptions,
): Promise<VerifyFileResult> {
  const h = await manifestHead(path, o);
  const { file, m, problems } = h;
  const name = basename(file);
  const hash = createHash('sha256');
  const read = await readWhole(file, hash);
  const sha = hash.digest('hex');
  if (!read.found) problems.push({ kind: 'file', message: `${file} is missing (its manifest is there)` });
  else if (sha !== written.sha256 || read.bytes !== written.bytes)
    problems.push({ kind: 'file', message: `${name} is not the file the export wrote: it was altered on disk` });
  if (m.sha256 !== written.sha256 || m.bytes !== written.bytes)
    problems.push({ kind: 'manifest', message: `the manifest's SHA-256 or size is not the file's the export wrote` });
  if (m.records !== written.records || m.chain.head !== written.chainHead)
    problems.push({
      kind: 'manifest',
      message: `the manifest's record count or chain head is not what the export wrote (${written.records} records)`,
    });
  return fileResultOf(h, read.found ? written.records : 0);
}
