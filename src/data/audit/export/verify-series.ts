/**
 * The checks of a series across its files: each export named by its index
 * ("export 7 of series 1a2b3c4d missing"), consecutive indexes, each manifest
 * linked to the one before (the file's hash, the chain head, the previous
 * manifest's own hash, the running record count), a file under the name its
 * manifest gives (a renamed file is a reordered one), one signing method per
 * series.
 */
import { basename } from 'node:path';
import type { ExportManifest } from './manifest.js';

export interface SeriesEntry {
  file: string;
  manifest: ExportManifest;
  manifestSha256: string;
  sha256: string;
  chainHead: string;
}

export interface SeriesFinding {
  message: string;
}

const short = (id: string) => id.slice(0, 8);

function exportsWord(from: number, to: number): string {
  return from === to ? `export ${from}` : `exports ${from}-${to}`;
}

/** Problems of one series' files, sorted by index; `others`: files of other series (named when one fills a gap). */
function seriesProblems(id: string, list: SeriesEntry[], others: SeriesEntry[]): string[] {
  const problems: string[] = [];
  const s = short(id);
  const first = list[0]!;
  const firstSeries = first.manifest.series!;
  if (
    firstSeries.index === 1 &&
    firstSeries.totalRecords !== undefined &&
    firstSeries.totalRecords !== first.manifest.records
  )
    problems.push(
      `export 1 of series ${s} (${basename(first.file)}) counts ${firstSeries.totalRecords} records in the series; it holds ${first.manifest.records}`,
    );
  for (let i = 1; i < list.length; i++) {
    const prev = list[i - 1]!;
    const cur = list[i]!;
    const p = prev.manifest.series!;
    const c = cur.manifest.series!;
    if (c.index === p.index) {
      problems.push(`${basename(prev.file)} and ${basename(cur.file)} both claim export ${c.index} of series ${s}`);
      continue;
    }
    if (c.index !== p.index + 1) {
      const missing = exportsWord(p.index + 1, c.index - 1);
      const foreign = others.filter((o) => o.manifest.series!.index > p.index && o.manifest.series!.index < c.index);
      problems.push(
        `${missing} of series ${s} missing: gap between ${basename(prev.file)} and ${basename(cur.file)}${foreign.length > 0 ? ` (${foreign.map((o) => `${basename(o.file)} is of series ${short(o.manifest.series!.id)}`).join(', ')})` : ''}`,
      );
      continue;
    }
    const link = c.previous;
    const where = `export ${c.index} of series ${s} (${basename(cur.file)})`;
    if (!link || link.sha256 !== prev.sha256 || link.chainHead !== prev.chainHead) {
      problems.push(`${where} does not link to ${basename(prev.file)}: the earlier file was replaced or altered`);
    } else if (link.manifestSha256 !== undefined && link.manifestSha256 !== prev.manifestSha256) {
      problems.push(
        `${where} does not link to the manifest of ${basename(prev.file)}: that manifest was replaced or altered`,
      );
    } else if (
      c.totalRecords !== undefined &&
      p.totalRecords !== undefined &&
      c.totalRecords !== p.totalRecords + cur.manifest.records
    ) {
      problems.push(
        `${where} counts ${c.totalRecords} records in the series; ${p.totalRecords} before it and ${cur.manifest.records} in it make ${p.totalRecords + cur.manifest.records}`,
      );
    }
  }
  const methods = new Map<string, string[]>();
  for (const e of list) {
    const m = e.manifest.signing ? 'Ed25519' : e.manifest.signature ? 'HMAC' : undefined;
    if (m) methods.set(m, [...(methods.get(m) ?? []), String(e.manifest.series!.index)]);
  }
  if (methods.size > 1)
    problems.push(
      `series ${s} mixes signing methods (${[...methods].map(([m, idx]) => `${m}: export${idx.length > 1 ? 's' : ''} ${idx.join(', ')}`).join('; ')}): a series is signed one way`,
    );
  return problems;
}

/**
 * Every series among the entries, checked; plus a file under another name than its manifest gives;
 * with `fromStart`, a series whose first exports are not among the files.
 */
export function checkSeries(entries: SeriesEntry[], fromStart = false): string[] {
  const problems: string[] = [];
  const bySeries = new Map<string, SeriesEntry[]>();
  for (const e of entries) {
    const s = e.manifest.series;
    if (!s) continue;
    bySeries.set(s.id, [...(bySeries.get(s.id) ?? []), e]);
    if (basename(e.file) !== e.manifest.file)
      problems.push(
        `${basename(e.file)} holds export ${s.index} of series ${short(s.id)}, which its manifest names ${e.manifest.file}: renamed or reordered`,
      );
  }
  for (const [id, list] of bySeries) {
    list.sort((a, b) => a.manifest.series!.index - b.manifest.series!.index);
    const others = entries.filter((e) => e.manifest.series && e.manifest.series.id !== id);
    const first = list[0]!.manifest.series!.index;
    if (fromStart && first > 1)
      problems.push(
        `${exportsWord(1, first - 1)} of series ${short(id)} missing: the files start at export ${first} (--from-start)`,
      );
    problems.push(...seriesProblems(id, list, others));
  }
  return problems;
}
