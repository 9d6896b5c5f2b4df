/**
 * Reading an export's manifest for verify and reconcile: found beside the
 * file (FILE.manifest.json), its exact bytes kept (a signature covers them),
 * its shape checked before any field is used; a missing manifest is told
 * apart from a file that is not an export.
 */
import { access, open, readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { RuntimeError, UsageError } from '../../../errors.js';
import { manifestPathFor, MANIFEST_FORMAT, MANIFEST_VERSION, type ExportManifest } from './manifest.js';
import { manifestProblem } from './manifest-schema.js';

export const CSV_HEADER =
  '_id,timestamp,event_type,workflow_id,user_id,ip_address,user_agent,details,metadata,extra,_seq,_chain';

export interface LoadedManifest {
  file: string;
  manifestPath: string;
  manifest: ExportManifest;
  /** the manifest file's exact bytes (what a signature covers) */
  bytes: Buffer;
}

export async function loadManifest(file: string): Promise<LoadedManifest> {
  let target = file;
  if (target.endsWith('.manifest.json')) target = target.slice(0, -'.manifest.json'.length);
  const manifestPath = manifestPathFor(target);
  let bytes: Buffer;
  try {
    bytes = await readFile(manifestPath);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      if (
        !(await access(target).then(
          () => true,
          () => false,
        ))
      )
        throw new UsageError(`${file}: no such file`);
      if (await looksLikeExport(target)) {
        throw new RuntimeError(
          `the manifest ${manifestPath} of ${target} is missing: the export cannot be verified without it`,
          {
            hint: 'audit export writes FILE.manifest.json beside FILE; restore it from where the export was kept',
          },
        );
      }
      throw new UsageError(`${file} is not a wfctl audit export: no manifest ${basename(manifestPath)} beside it`, {
        hint: 'verify checks files written by `wfctl audit export --output FILE`, which writes FILE.manifest.json',
      });
    }
    throw new UsageError(`cannot read ${manifestPath}: ${(err as Error).message}`);
  }
  let m: ExportManifest;
  try {
    m = JSON.parse(bytes.toString('utf8')) as ExportManifest;
  } catch {
    throw new UsageError(`${manifestPath} is not a wfctl audit export manifest (not JSON)`);
  }
  if (typeof m !== 'object' || m === null || m.format !== MANIFEST_FORMAT)
    throw new UsageError(`${manifestPath} is not a wfctl audit export manifest`);
  if (m.version !== MANIFEST_VERSION)
    throw new UsageError(
      `${manifestPath} has manifest version ${String(m.version)}; this wfctl reads version ${MANIFEST_VERSION}`,
    );
  // every field is checked before one is used: a missing filter must not become a query for undefined
  const problem = manifestProblem(m);
  if (problem) {
    throw new RuntimeError(`manifest malformed: ${manifestPath}: ${problem}`, {
      hint: 'the manifest was edited or damaged; restore it from where the export was kept',
    });
  }
  return { file: target, manifestPath, manifest: m, bytes };
}

/** The most a record line can be: a 16 MB document written as Extended JSON, with room to spare. */
const MAX_SNIFFED_LINE = 64 * 1024 * 1024;

/**
 * Whether a file without its manifest is an export whose manifest went missing (rather than some other
 * file): empty (an export of no records), the CSV header, or a first record that ends the way an export's
 * records end (`"_seq":n,"_chain":"<hex>"}`), read up to its first line end only.
 */
async function looksLikeExport(path: string): Promise<boolean> {
  const fh = await open(path, 'r').catch(() => undefined);
  if (!fh) return false;
  try {
    const chunks: Buffer[] = [];
    let size = 0;
    let lines = 0;
    const buf = Buffer.alloc(64 * 1024);
    while (size < MAX_SNIFFED_LINE && lines < 2) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, size);
      if (bytesRead === 0) break;
      const part = Buffer.from(buf.subarray(0, bytesRead));
      chunks.push(part);
      size += bytesRead;
      for (const b of part) if (b === 0x0a) lines++;
    }
    if (size === 0) return true;
    const text = Buffer.concat(chunks)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
    const [first = '', second = ''] = text.split('\n');
    const record = /,"_seq":\d+,"_chain":"[0-9a-f]{64}"\},?$/;
    return (
      first.replace(/\r$/, '') === CSV_HEADER ||
      record.test(first) ||
      (first === '[' && (second === ']' || record.test(second)))
    );
  } finally {
    await fh.close();
  }
}

/** The manifest beside an export file (or the manifest file itself); a file that is not an export is a usage error. */
export async function readExportManifest(file: string): Promise<ExportManifest> {
  return (await loadManifest(file)).manifest;
}
