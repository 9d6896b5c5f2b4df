/**
 * `audit verify`: checks export files against their manifests offline: file
 * hash, record count, the hash chain record by record, the signature (Ed25519
 * against the trusted keys, or the HMAC) and its level in words
 * (verify-signature.ts), the links of a series (verify-series.ts), and, with a
 * trusted head, that the series only grew from it (trusted-head.ts). The
 * manifest head and the file read are shared with the archive (verify-file.ts).
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import {
  CsvRecordReader,
  chainNext,
  parseCsvCells,
  parseJsonRecord,
  scanJsonRecord,
  type ExportFormat,
  type ParsedRecord,
} from './format.js';
import type { ExportManifest } from './manifest.js';
import { CSV_HEADER } from './verify-manifest.js';

export { readExportManifest } from './verify-manifest.js';
import type { TrustedKey } from './signing.js';
import { checkAgainstHead, type HeadOutcome, type TrustedHead } from './trusted-head.js';
import type { SignatureOptions } from './verify-signature.js';
import { fileResultOf, manifestHead, readWhole, type VerifyFileResult, type VerifyProblem } from './verify-file.js';
import { checkSeries, type SeriesEntry } from './verify-series.js';

export type { VerifyFileResult, VerifyProblem } from './verify-file.js';

export interface VerifyOptions extends SignatureOptions {
  /** --trusted-key, loaded (signing.ts's loadTrustedKeys) */
  trustedKeys?: readonly TrustedKey[] | undefined;
  /** --trusted-head: the head read from STATE (null: STATE does not exist yet); the caller writes `trustedHead.next` */
  trustedHead?: TrustedHead | null | undefined;
  /** --from-start: each series among the files must start at its first export (a missing first file is named) */
  fromStart?: boolean | undefined;
  onRecord?: ((id: string | null) => void) | undefined;
}

/** What the files given prove about one series: which of its exports they are, and what they leave out. */
export interface SeriesFilesGiven {
  id: string;
  /** the lowest and highest export index among the files given */
  first: number;
  last: number;
  files: number;
  /** the series has exports before the first file given (index 1 was not among them) */
  startsEarlier: boolean;
}

export interface VerifyResult {
  ok: boolean;
  files: VerifyFileResult[];
  problems: VerifyProblem[];
  /** per series among the files: the exports given (files outside a series are one-off exports) */
  series: SeriesFilesGiven[];
  /** with a trusted head: what the files proved against it, and the head to write when they passed */
  trustedHead?: HeadOutcome;
}

/** Checks the records in order against the hash chain and their sequence numbers; keeps the first problem. */
class ChainChecker {
  count = 0;
  head: string;
  problem: VerifyProblem | undefined;
  constructor(
    genesis: string,
    private readonly onRecord?: (id: string | null) => void,
  ) {
    this.head = genesis;
  }

  check(r: ParsedRecord): void {
    this.count++;
    this.onRecord?.(r.id);
    if (this.problem) return;
    const expectSeq = r.position;
    const label = `record ${r.position}${r.id ? ` (_id ${r.id})` : ''}`;
    const problem = (message: string) => (this.problem = { kind: 'record', position: r.position, id: r.id, message });
    if (r.canonical === null || r.storedChain === null) {
      problem(`${label} is not a well-formed export record: altered or inserted`);
      return;
    }
    if (r.seq !== null && r.seq > expectSeq) {
      problem(
        `expected record ${expectSeq}, found record ${r.seq}${r.id ? ` (_id ${r.id})` : ''}: record${r.seq - expectSeq > 1 ? `s ${expectSeq}-${r.seq - 1}` : ` ${expectSeq}`} removed or reordered before it`,
      );
    } else if (r.seq !== null && r.seq < expectSeq) {
      problem(
        `record ${r.seq}${r.id ? ` (_id ${r.id})` : ''} appears again at position ${expectSeq}: inserted or reordered`,
      );
    } else if (r.seq === null) {
      problem(`${label} has no sequence number: altered or inserted`);
    } else if (chainNext(this.head, r.canonical) !== r.storedChain) {
      // the record's own chain value matches its content when only the link is broken
      problem(`${label} was altered (its content does not match the hash chain)`);
    }
    this.head = r.storedChain;
  }

  /**
   * A JSON record: read from its ends when its sequence number and chain check out (scanJsonRecord;
   * the chain proves the text is the export's own), else parsed in full, for the exact problem.
   */
  checkJson(text: string, position: number): void {
    const r = scanJsonRecord(text, position);
    if (r && !this.problem && r.seq === position && chainNext(this.head, r.canonical!) === r.storedChain) {
      this.count++;
      this.onRecord?.(r.id);
      this.head = r.storedChain;
      return;
    }
    this.check(r && this.problem ? r : parseJsonRecord(text, position));
  }
}

/** Splits an export's text into its records by format (ndjson lines, a JSON array, CSV rows); notes the first structural problem. */
class RecordFramer {
  structure: string | undefined;
  private pending = '';
  private lineNo = 0;
  private csvRow = 0;
  private readonly csv: CsvRecordReader | undefined;
  private jsonOpened = false;
  private jsonClosed = false;
  private lastElement: string | undefined;

  constructor(
    private readonly format: ExportFormat,
    private readonly chain: ChainChecker,
  ) {
    this.csv = format === 'csv' ? new CsvRecordReader((cells) => this.onCsvRow(cells)) : undefined;
  }

  push(text: string): void {
    if (this.csv) return this.csv.push(text);
    // lines are cut from the chunk by index: the rest of a chunk is copied once, not once a line
    let start = 0;
    let nl = text.indexOf('\n');
    if (nl >= 0 && this.pending !== '') {
      this.onLine(this.pending + text.slice(0, nl));
      this.pending = '';
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    while (nl >= 0) {
      this.onLine(text.slice(start, nl));
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    this.pending += text.slice(start);
  }

  end(): void {
    if (this.csv) {
      this.csv.end();
      if (this.csvRow === 0) this.structure ??= 'the CSV header row is missing';
    } else if (this.pending !== '') {
      this.structure ??= 'the last line has no line end: the file was cut short or appended to';
    }
    if (this.format === 'json' && (!this.jsonOpened || !this.jsonClosed))
      this.structure ??= 'the JSON array is not closed: the file was cut short';
  }

  private onCsvRow(cells: string[]): void {
    this.csvRow++;
    if (this.csvRow === 1) {
      if (cells.join(',') !== CSV_HEADER) this.structure ??= 'the CSV header row was altered';
      return;
    }
    this.chain.check(parseCsvCells(cells, this.csvRow - 1));
  }

  private onLine(line: string): void {
    this.lineNo++;
    if (this.format === 'ndjson') {
      if (line === '') this.structure ??= `line ${this.lineNo} is empty: the file was altered`;
      else this.chain.checkJson(line, this.chain.count + 1);
      return;
    }
    // json: "[", elements each on a line ending with "," except the last, "]"
    if (this.lineNo === 1) {
      if (line !== '[') this.structure ??= 'the file does not start with "[": not a JSON array export';
      this.jsonOpened = true;
    } else if (this.jsonClosed) {
      this.structure ??= 'text after the closing "]"';
    } else if (line === ']') {
      if (this.lastElement !== undefined) this.chain.checkJson(this.lastElement, this.chain.count + 1);
      this.lastElement = undefined;
      this.jsonClosed = true;
    } else {
      const last = this.lastElement;
      if (last !== undefined) {
        if (!last.endsWith(',')) this.structure ??= `record ${this.chain.count + 1} is not followed by a comma`;
        this.chain.checkJson(last.endsWith(',') ? last.slice(0, -1) : last, this.chain.count + 1);
      }
      this.lastElement = line;
    }
  }
}

/** Checks one export file against its manifest, reading the file once, in constant memory. */
export async function verifyExportFile(
  path: string,
  hmacKeyOrOptions?: string | VerifyOptions,
  onRecord?: (id: string | null) => void,
): Promise<VerifyFileResult> {
  return (await verifyOne(path, optionsOf(hmacKeyOrOptions, onRecord))).result;
}

function optionsOf(o: string | VerifyOptions | undefined, onRecord?: (id: string | null) => void): VerifyOptions {
  const options = typeof o === 'string' ? { hmacKey: o } : { ...o };
  if (onRecord) options.onRecord = onRecord;
  return options;
}

async function verifyOne(path: string, o: VerifyOptions): Promise<{ result: VerifyFileResult; entry: SeriesEntry }> {
  const h = await manifestHead(path, o);
  const { file, m, problems } = h;
  const chain = new ChainChecker(m.chain.genesis, o.onRecord);
  const framer = new RecordFramer(m.exportFormat, chain);
  const done = () => ({
    result: fileResultOf(h, chain.count),
    entry: { file, manifest: m, manifestSha256: h.manifestHash, sha256: m.sha256, chainHead: m.chain.head },
  });
  const hash = createHash('sha256');
  const read = await readWhole(file, hash, (text) => framer.push(text));
  if (!read.found) {
    problems.push({ kind: 'file', message: `${file} is missing (its manifest is there)` });
    return done();
  }
  framer.end();
  problems.push(...fileProblems(m, chain, framer.structure, hash.digest('hex'), read.bytes, basename(file)));
  return done();
}

/** What the whole file says against its manifest: the first record problem, the structure, the count, the chain's end, hash and size. */
function fileProblems(
  m: ExportManifest,
  chain: ChainChecker,
  structure: string | undefined,
  sha: string,
  bytes: number,
  name: string,
): VerifyProblem[] {
  const problems: VerifyProblem[] = [];
  const count = chain.count;
  if (chain.problem) problems.push(chain.problem);
  if (structure) problems.push({ kind: 'file', message: structure });
  if (!chain.problem && count < m.records) {
    problems.push({
      kind: 'record',
      position: count + 1,
      message: `records ${count + 1}-${m.records} were removed from the end (the file has ${count} of ${m.records})`,
    });
  } else if (!chain.problem && count > m.records) {
    problems.push({
      kind: 'record',
      position: m.records + 1,
      message: `the file has ${count} records; the manifest says ${m.records}: records were added at the end`,
    });
  }
  if (!chain.problem && count === m.records && chain.head !== m.chain.head) {
    problems.push({ kind: 'file', message: "the hash chain does not end at the manifest's chain head" });
  }
  if (sha !== m.sha256)
    problems.push({
      kind: 'file',
      message: `the SHA-256 of ${name} does not match the manifest: the file was altered`,
    });
  if (bytes !== m.bytes && sha === m.sha256)
    problems.push({ kind: 'manifest', message: 'the manifest byte count does not match the file' });
  return problems;
}

/**
 * Verifies each file, then the series they form (verify-series.ts), then, with
 * a trusted head, that the series only grew from it (trusted-head.ts).
 */
export async function verifyExports(
  paths: string[],
  hmacKeyOrOptions?: string | VerifyOptions,
  onRecord?: (id: string | null) => void,
): Promise<VerifyResult> {
  const o = optionsOf(hmacKeyOrOptions, onRecord);
  const files: VerifyFileResult[] = [];
  const entries: SeriesEntry[] = [];
  for (const p of paths) {
    const { result, entry } = await verifyOne(p, o);
    files.push(result);
    entries.push(entry);
  }
  const problems: VerifyProblem[] = checkSeries(entries, o.fromStart === true).map((message) => ({
    kind: 'series',
    message,
  }));
  let trustedHead: HeadOutcome | undefined;
  if (o.trustedHead !== undefined) {
    trustedHead = checkAgainstHead(
      o.trustedHead,
      files.map((f) => ({
        file: f.file,
        series: f.series,
        manifestSha256: f.manifestSha256,
        totalRecords: f.series?.totalRecords ?? null,
      })),
    );
    problems.push(...trustedHead.problems.map((message) => ({ kind: 'series' as const, message })));
  }
  const bySeries = new Map<string, number[]>();
  for (const f of files)
    if (f.series) bySeries.set(f.series.id, [...(bySeries.get(f.series.id) ?? []), f.series.index]);
  const series = [...bySeries].map(([id, indexes]) => {
    const first = Math.min(...indexes);
    return { id, first, last: Math.max(...indexes), files: indexes.length, startsEarlier: first > 1 };
  });
  const ok = problems.length === 0 && files.every((f) => f.ok);
  if (trustedHead && !ok) trustedHead.next = null;
  return { ok, files, problems, series, ...(trustedHead ? { trustedHead } : {}) };
}
