/**
 * Placing a complete export file, its manifest and (in a series) the moved
 * checkpoint, so that a run killed at any moment leaves a state the next run
 * completes instead of exporting the same records again.
 *
 * In a series the steps are: (1) the checkpoint is rewritten to the position
 * after the new file, marked `placing` (the file, its temporary file, their
 * hash, the manifest, and the checkpoint before); (2) the file is placed;
 * (3) its manifest is written; (4) the checkpoint is rewritten without the
 * mark. Each write is atomic and durable. A run that finds the mark completes
 * steps 2 to 4 from the file (already placed) or from its temporary file
 * (complete and synced before step 1), or, when neither holds the records,
 * puts the checkpoint before back, so that those records are exported again
 * by that run, once.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { link, rename, stat, unlink } from 'node:fs/promises';
import { OWNER_ONLY, refuseNonRegular, writeFileAtomic } from '../../../atomic-file.js';
import { UsageError } from '../../../errors.js';
import { checkpointText, readCheckpoint, type Checkpoint, type PlacingIntent } from './checkpoint.js';
import { manifestPathFor, manifestText, type ExportManifest } from './manifest.js';
import { signaturePathFor } from './signing.js';

/** The steps of a commit, for onCommitStep (tests kill the process after each). */
export type CommitStep = 'complete' | 'intent' | 'placed' | 'manifest' | 'checkpoint';

export interface CommitInput {
  tmp: string;
  /** absolute path of the export file */
  output: string;
  sha256: string;
  bytes: number;
  manifest: ExportManifest;
  /** the manifest's detached signature (manifest.signing), written beside it */
  signature?: Buffer;
  /** replace a file at `output` (--force, or a run without a checkpoint) */
  replace: boolean;
  /** permission bits of the manifest and the checkpoint (the file's temporary file was created with them) */
  mode: number;
  checkpoint?: { path: string; before: Checkpoint | null; next: Omit<Checkpoint, 'checksum'> };
  onStep?: (step: CommitStep) => void;
}

/** Places the file, its manifest and the checkpoint in the order of the module comment. */
export async function commitExport(c: CommitInput): Promise<void> {
  c.onStep?.('complete');
  if (c.checkpoint) {
    const placing: PlacingIntent = {
      file: c.output,
      tmp: c.tmp,
      sha256: c.sha256,
      bytes: c.bytes,
      replace: c.replace,
      manifest: c.manifest,
      ...(c.signature ? { signature: c.signature.toString('base64') } : {}),
      before: c.checkpoint.before,
    };
    await writeFileAtomic(c.checkpoint.path, checkpointText({ ...c.checkpoint.next, placing }), {
      mode: c.mode,
      label: '--checkpoint',
    });
    c.onStep?.('intent');
  }
  try {
    await placeFile(c.tmp, c.output, c.replace);
  } catch (err) {
    // the mark would make the next run place a file this run refused to place
    if (c.checkpoint) await putBack(c.checkpoint.path, c.checkpoint.before, c.mode);
    throw err;
  }
  c.onStep?.('placed');
  // the manifest's write syncs the folder, so the placement above is durable with it
  await writeManifest(c.output, c.manifest, c.signature, c.mode);
  c.onStep?.('manifest');
  if (c.checkpoint) {
    await writeFileAtomic(c.checkpoint.path, checkpointText(c.checkpoint.next), {
      mode: c.mode,
      label: '--checkpoint',
    });
    c.onStep?.('checkpoint');
  }
}

export interface PlacingOutcome {
  /** the checkpoint to continue from (undefined: the series starts anew) */
  checkpoint: Checkpoint | undefined;
  message: string;
}

/**
 * Completes the placement a killed run left marked in its checkpoint, or
 * undoes it (see the module comment). The caller holds the checkpoint's lock.
 */
export async function finishPlacing(
  checkpointPath: string,
  c: Checkpoint & { placing: PlacingIntent },
): Promise<PlacingOutcome> {
  const p = c.placing;
  const { placing, checksum, ...next } = c;
  void placing;
  void checksum;
  const matches = async (path: string) => {
    const h = await hashFile(path);
    return h !== undefined && h.sha256 === p.sha256 && h.bytes === p.bytes;
  };
  let placed = await matches(p.file);
  let how = 'was placed';
  if (!placed && (await matches(p.tmp))) {
    try {
      await placeFile(p.tmp, p.file, p.replace);
      placed = true;
      how = 'was complete in its temporary file and is now placed';
    } catch {
      placed = false; // something else is at the file's name now: not ours to replace
    }
  }
  const records = p.manifest.records;
  // the killed run's mode is the mode its temporary file was created with, now the file's
  const mode = await modeOf(placed ? p.file : checkpointPath);
  if (placed) {
    await writeManifest(p.file, p.manifest, p.signature ? Buffer.from(p.signature, 'base64') : undefined, mode);
    await writeFileAtomic(checkpointPath, checkpointText(next), { mode, label: '--checkpoint' });
    await unlink(p.tmp).catch(() => undefined);
    return {
      checkpoint: await readCheckpoint(checkpointPath),
      message: `an earlier run of this series was stopped while placing ${p.file} (${records} record${records === 1 ? '' : 's'}); the file ${how}, with its manifest, and the series continues after it`,
    };
  }
  await unlink(p.tmp).catch(() => undefined);
  await putBack(checkpointPath, p.before, mode);
  return {
    checkpoint: await readCheckpoint(checkpointPath),
    message: `an earlier run of this series was stopped before it placed ${p.file}; the file is not there, so its ${records} record${records === 1 ? '' : 's'} are exported again by this run`,
  };
}

/**
 * The manifest and, signed, its signature file first (a signature beside an older manifest fails
 * verification, never passes it); unsigned, a signature file left by a replaced export is removed.
 */
async function writeManifest(
  output: string,
  manifest: ExportManifest,
  signature: Buffer | undefined,
  mode: number,
): Promise<void> {
  const path = manifestPathFor(output);
  if (signature) await writeFileAtomic(signaturePathFor(path), signature, { mode, label: 'the signature' });
  else
    await unlink(signaturePathFor(path)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  await writeFileAtomic(path, manifestText(manifest), { mode, label: 'the manifest' });
}

/** The permission bits of a file wfctl wrote (owner-only when it cannot be read). */
async function modeOf(path: string): Promise<number> {
  return stat(path).then(
    (s) => s.mode & 0o7777,
    () => OWNER_ONLY,
  );
}

/** Restores the checkpoint as it was before a run (none: the file is removed and the series starts anew). */
async function putBack(path: string, before: Checkpoint | null, mode: number): Promise<void> {
  if (before) {
    const { checksum, ...rest } = before;
    void checksum;
    await writeFileAtomic(path, checkpointText(rest), { mode, label: '--checkpoint' });
  } else {
    await unlink(path).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }
}

/** SHA-256 and size of a file; undefined when it does not exist. */
async function hashFile(path: string): Promise<{ sha256: string; bytes: number } | undefined> {
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    for await (const chunk of createReadStream(path)) {
      bytes += (chunk as Buffer).length;
      hash.update(chunk as Buffer);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'EISDIR')
      return undefined;
    throw err;
  }
  return { sha256: hash.digest('hex'), bytes };
}

async function placeFile(tmp: string, output: string, replace: boolean): Promise<void> {
  if (replace) {
    // looked at again just before the rename: a device, FIFO, folder or link is never replaced
    await refuseNonRegular(output, '--output');
    await rename(tmp, output);
  } else await placeNoClobber(tmp, output);
}

export function overwriteRefused(output: string): UsageError {
  return new UsageError(
    `--output ${output} exists; a checkpointed export does not replace it (its records are behind the checkpoint, in no other file)`,
    {
      hint: 'name a new file for each run (e.g. $(date -u +%Y%m%dT%H%M%S) in the name), or add --force to replace it',
    },
  );
}

/**
 * Moves the complete temporary file to `output` unless something is there: link() fails with EEXIST
 * atomically, so a file that appeared since the first check is never replaced.
 */
async function placeNoClobber(tmp: string, output: string): Promise<void> {
  try {
    await link(tmp, output);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw overwriteRefused(output);
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
    // a file system without hard links: check, then rename (a narrow race remains there)
    if (
      await stat(output).then(
        () => true,
        (e: NodeJS.ErrnoException) => e.code !== 'ENOENT',
      )
    )
      throw overwriteRefused(output);
    await rename(tmp, output);
    return;
  }
  await unlink(tmp);
}
