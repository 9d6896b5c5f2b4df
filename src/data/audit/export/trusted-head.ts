/**
 * The auditor's trusted head (`audit verify --trusted-head STATE`): the last
 * export of a series the auditor verified (series id, index, SHA-256 of its
 * manifest file, the series' record count), kept in a small JSON file on the
 * auditor's side. Deleting the last files of a series cannot be seen from the
 * files that remain; against the head it can: the next verification proves
 * that the series only grew from it (the head's export is there, unchanged,
 * and every later export links back to it), and moves the head to the new
 * last export, atomically, only when everything checked out.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { writeFileAtomic } from '../../../atomic-file.js';
import { UsageError } from '../../../errors.js';
import { quoteInput } from '../../../quote.js';

export const TRUSTED_HEAD_FORMAT = 'wfctl-audit-trusted-head';
export const TRUSTED_HEAD_VERSION = 1;

export interface TrustedHead {
  format: typeof TRUSTED_HEAD_FORMAT;
  version: number;
  series: string;
  index: number;
  /** SHA-256 of the head export's manifest file */
  manifestSha256: string;
  /** the head export's file name, for people */
  file: string;
  /** records of the series up to the head, when the manifests say */
  totalRecords: number | null;
  verifiedAt: string;
}

/** The head, or null when the file does not exist yet (the first verification starts it). */
export async function readTrustedHead(path: string): Promise<TrustedHead | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw new UsageError(`cannot read --trusted-head ${quoteInput(path)}: ${code ?? 'read error'}`);
  }
  const bad = () =>
    new UsageError(`--trusted-head ${quoteInput(path)} is not a wfctl trusted head`, {
      hint: 'restore it from your backup; it is written by audit verify --trusted-head (never by the exporting side)',
    });
  let h: Partial<TrustedHead>;
  try {
    h = JSON.parse(text) as Partial<TrustedHead>;
  } catch {
    throw bad();
  }
  if (
    !h ||
    typeof h !== 'object' ||
    h.format !== TRUSTED_HEAD_FORMAT ||
    h.version !== TRUSTED_HEAD_VERSION ||
    typeof h.series !== 'string' ||
    !Number.isSafeInteger(h.index) ||
    (h.index as number) < 1 ||
    typeof h.manifestSha256 !== 'string' ||
    !/^[0-9a-f]{64}$/.test(h.manifestSha256)
  )
    throw bad();
  return h as TrustedHead;
}

export async function writeTrustedHead(path: string, head: Omit<TrustedHead, 'format' | 'version'>): Promise<void> {
  const full: TrustedHead = { format: TRUSTED_HEAD_FORMAT, version: TRUSTED_HEAD_VERSION, ...head };
  await writeFileAtomic(path, `${JSON.stringify(full, null, 2)}\n`, { label: '--trusted-head' });
}

/** One export of a series as verify saw it. */
export interface HeadCandidate {
  file: string;
  series: { id: string; index: number } | null;
  manifestSha256: string;
  totalRecords: number | null;
}

export interface HeadOutcome {
  problems: string[];
  /** the head to write after a verification that passed */
  next: Omit<TrustedHead, 'format' | 'version'> | null;
  /** the head before, null when STATE did not exist */
  before: TrustedHead | null;
}

const short = (id: string) => id.slice(0, 8);

/**
 * What the files prove against the head: the head's export among them and unchanged, no file of another
 * series. The links from it to the last file are checked with the rest of the series (verify-series.ts).
 */
export function checkAgainstHead(head: TrustedHead | null, files: readonly HeadCandidate[]): HeadOutcome {
  const problems: string[] = [];
  const ids = [...new Set(files.filter((f) => f.series).map((f) => f.series!.id))];
  const seriesId = head?.series ?? ids[0];
  if (!seriesId)
    return { problems: ['--trusted-head: none of the files belongs to a series'], next: null, before: head };
  if (!head && ids.length > 1)
    return {
      problems: [`--trusted-head keeps one series; the files hold ${ids.length} (${ids.map(short).join(', ')})`],
      next: null,
      before: head,
    };
  for (const f of files) {
    if (!f.series)
      problems.push(`${basename(f.file)} is a one-off export, not of series ${short(seriesId)} (--trusted-head)`);
    else if (f.series.id !== seriesId)
      problems.push(
        `${basename(f.file)} is export ${f.series.index} of series ${short(f.series.id)}, not of series ${short(seriesId)} (the trusted head's)`,
      );
  }
  const own = files.filter((f) => f.series?.id === seriesId).sort((a, b) => a.series!.index - b.series!.index);
  const last = own[own.length - 1];
  if (head) {
    const at = own.find((f) => f.series!.index === head.index);
    if (!last)
      problems.push(
        `no export of series ${short(seriesId)} given: the trusted head is export ${head.index} (${head.file})`,
      );
    else if (last.series!.index < head.index)
      problems.push(
        `export ${head.index} of series ${short(seriesId)} missing: the trusted head is export ${head.index} (${head.file}), the files end at export ${last.series!.index}; the series was cut back`,
      );
    else if (!at)
      problems.push(
        `export ${head.index} of series ${short(seriesId)} (the trusted head, ${head.file}) is not among the files: give the files from it on`,
      );
    else if (at.manifestSha256 !== head.manifestSha256)
      problems.push(
        `export ${head.index} of series ${short(seriesId)} (${basename(at.file)}) differs from the trusted head: its manifest was replaced since it was verified`,
      );
  }
  const next =
    last && problems.length === 0
      ? {
          series: seriesId,
          index: last.series!.index,
          manifestSha256: last.manifestSha256,
          file: basename(last.file),
          totalRecords: last.totalRecords,
          verifiedAt: new Date().toISOString(),
        }
      : null;
  return { problems, next, before: head };
}
