/**
 * The versions archive file: one version document a line, as MongoDB
 * Extended JSON (relaxed; every BSON type kept, mongoimport restores it), with
 * `FILE.manifest.json` (count, SHA-256, the versions per workflow). Written to
 * a temporary file beside it, synced, the manifest placed, then the file
 * renamed into place; verified by reading it back.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, rename, rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import type { ObjectId } from 'mongodb';
import { createTempFile, fsyncDir, tempPathBeside, writeFileAtomic } from '../../../atomic-file.js';
import { OutputWriteError, RuntimeError, UsageError } from '../../../errors.js';
import { EXACT_TYPES, type DataSource } from '../../core/connection.js';
import { parseExtendedJson, toExtendedJson } from '../../core/ejson.js';
import { isPlainObject, toNumberOrNull } from '../../core/normalize.js';
import type { WorkflowVersionsPlan } from './plan.js';
import { dirname } from 'node:path';

export const VERSIONS_MANIFEST_FORMAT = 'wfctl-versions-archive-manifest';

export interface VersionsManifest {
  format: typeof VERSIONS_MANIFEST_FORMAT;
  version: 1;
  tool: string;
  createdAt: string;
  file: string;
  database: string;
  /** the workflow asked for, or null (--all) */
  workflow: string | null;
  keep: number;
  records: number;
  bytes: number;
  sha256: string;
  /** the audit event's _id, fixed with the file: recorded once, whatever reruns */
  eventId: string;
  workflows: Array<{ workflowId: string; archived: number[]; kept: number[] }>;
}

export function versionsManifestPath(file: string): string {
  return `${file}.manifest.json`;
}

/** Writes the archived versions (oldest first per workflow) and the manifest; the file appears last. */
export async function writeVersionsArchive(
  ds: DataSource,
  output: string,
  plans: WorkflowVersionsPlan[],
  head: Omit<VersionsManifest, 'records' | 'bytes' | 'sha256' | 'workflows' | 'format' | 'version' | 'file'>,
  mode: number,
): Promise<VersionsManifest> {
  const tmp = tempPathBeside(output);
  const hash = createHash('sha256');
  let bytes = 0;
  let records = 0;
  const fh = await createTempFile(tmp, mode);
  try {
    for (const p of plans) {
      for (let i = 0; i < p.archived.length; i += 500) {
        const ids: ObjectId[] = p.archived.slice(i, i + 500).map((a) => a._id);
        const docs = await ds.run('read the versions to archive', () =>
          ds.versions
            .find({ _id: { $in: ids } }, { ...ds.opts(), ...EXACT_TYPES })
            .sort({ version_number: 1 })
            .toArray(),
        );
        const text = docs.map((d) => `${toExtendedJson(d)}\n`).join('');
        const buf = Buffer.from(text, 'utf8');
        hash.update(buf);
        bytes += buf.length;
        records += docs.length;
        await fh.write(buf).catch((err: unknown) => {
          throw new OutputWriteError(output, err);
        });
      }
    }
    await fh.sync();
    await fh.close();
  } catch (err) {
    await fh.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw err;
  }
  const manifest: VersionsManifest = {
    format: VERSIONS_MANIFEST_FORMAT,
    version: 1,
    ...head,
    file: basename(output),
    records,
    bytes,
    sha256: hash.digest('hex'),
    workflows: plans
      .filter((p) => p.archived.length > 0)
      .map((p) => ({ workflowId: p.workflowId, archived: p.archived.map((a) => a.version), kept: p.kept })),
  };
  try {
    await writeFileAtomic(versionsManifestPath(output), `${JSON.stringify(manifest, null, 2)}\n`, {
      mode,
      label: 'the manifest',
    });
    await rename(tmp, output);
    await fsyncDir(dirname(output));
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  return manifest;
}

export async function readVersionsManifest(output: string): Promise<VersionsManifest | undefined> {
  let text: string;
  try {
    text = await readFile(versionsManifestPath(output), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const m = JSON.parse(text) as Partial<VersionsManifest>;
  if (m.format !== VERSIONS_MANIFEST_FORMAT || m.version !== 1 || !Array.isArray(m.workflows))
    throw new UsageError(`${versionsManifestPath(output)} is not a wfctl versions archive manifest`);
  return m as VersionsManifest;
}

/**
 * Reads the file back: its SHA-256, size and count against the manifest, and each line a version the
 * manifest lists. Returns the ids to delete; a file that does not check out fails (nothing deleted).
 */
export async function verifyVersionsArchive(output: string, m: VersionsManifest): Promise<ObjectId[]> {
  const listed = new Set(m.workflows.flatMap((w) => w.archived.map((n) => `${w.workflowId}\u0000${n}`)));
  const hash = createHash('sha256');
  let bytes = 0;
  const ids: ObjectId[] = [];
  const refuse = (why: string) =>
    new RuntimeError(`the versions archive ${output} ${why}; nothing was deleted`, {
      hint: 'archive into a new file to start again',
    });
  const stream = createReadStream(output);
  stream.on('data', (b) => {
    hash.update(b as Buffer);
    bytes += (b as Buffer).length;
  });
  try {
    for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
      const doc = parseExtendedJson(line) as Record<string, unknown>;
      const key = `${String(doc.workflow_id)}\u0000${toNumberOrNull(doc.version_number)}`;
      if (!isPlainObject(doc) || !doc._id || !listed.has(key))
        throw refuse(`holds a version its manifest does not list`);
      ids.push(doc._id as ObjectId);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw refuse('is missing');
    if (err instanceof RuntimeError) throw err;
    throw refuse(`does not read back: ${(err as Error).message}`);
  }
  if (hash.digest('hex') !== m.sha256 || bytes !== m.bytes) throw refuse('does not match its manifest (SHA-256)');
  if (ids.length !== m.records || new Set(ids.map((i) => i.toHexString())).size !== ids.length)
    throw refuse('does not hold the records its manifest counts');
  return ids;
}
