/**
 * One process at a time on a file (an export's checkpoint, an archive's
 * output). Two overlapping cron runs would otherwise both start from the same
 * state: both export the same records, or both archive and delete one range.
 *
 * The lock is a set of claim files beside the locked path, each under a name
 * no other process uses (PATH.lock.<token>), so that the kernel arbitrates: a
 * claim is placed whole by rename(), and a process removes only its own claim
 * or the claim of a process that is gone. Nobody ever deletes a lock file by a
 * name that another process may have just reused, which is how two takers of
 * one stale lock could both end up holding it.
 *
 * Taking the lock: place a claim, then list the claims. A process holds the
 * lock when the list shows no other live claim. Of two processes that both
 * place a claim, at least one sees the other (each lists after placing its
 * own), so they never both hold it; both may back off, and then each tries
 * again after a short random wait.
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { processRuns, tempPathBeside } from '../../atomic-file.js';
import { RuntimeError, UsageError } from '../../errors.js';
import { sleep } from './retry.js';

export interface LockHolder {
  pid: number;
  host: string;
  since: string;
  token: string;
}

export interface LockOptions {
  /** tries when another claim is seen (a simultaneous start); default 4 */
  attempts?: number;
  /** test seams: awaited before this process places its claim, and before it lists the claims */
  beforeClaim?: () => Promise<void> | void;
  beforeList?: () => Promise<void> | void;
}

/** How the messages name the lock: "another <job> holds <what>", "<folder> ... does not exist". */
export interface ClaimLockNames {
  /** the job that takes the lock: "export", "versions archive" */
  job: string;
  /** the locked thing: "checkpoint /var/lib/x.ckpt" */
  what: string;
  /** the folder of the claims: "checkpoint folder" */
  folder: string;
}

/** A lock that is held: release() removes the claim (once). */
export interface ClaimLock {
  readonly holder: LockHolder;
  readonly file: string;
  release(): Promise<void>;
}

const CLAIM_INFIX = '.lock.';

export async function takeClaimLock(
  target: string,
  names: ClaimLockNames,
  options: LockOptions = {},
): Promise<ClaimLock> {
  const path = resolve(target);
  const dir = dirname(path);
  const base = basename(path);
  const attempts = options.attempts ?? 4;
  let conflict: { holder: Partial<LockHolder>; file: string } | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const holder: LockHolder = {
      pid: process.pid,
      host: hostname(),
      since: new Date().toISOString(),
      token: `${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`,
    };
    const file = join(dir, `${base}${CLAIM_INFIX}${holder.token}`);
    await options.beforeClaim?.();
    await placeClaim(file, holder, names);
    await options.beforeList?.();
    conflict = await otherLiveClaim(dir, base, file);
    if (!conflict) {
      let released = false;
      return {
        holder,
        file,
        release: async () => {
          if (released) return;
          released = true;
          await unlink(file).catch(() => undefined);
        },
      };
    }
    await unlink(file).catch(() => undefined);
    if (attempt < attempts) await sleep(20 + Math.floor(Math.random() * 180));
  }
  const h = conflict!.holder;
  throw new RuntimeError(
    `another ${names.job} holds ${names.what} (${h.pid !== undefined ? `pid ${h.pid} on ${h.host ?? '?'}` : 'unknown holder'}${h.since ? `, since ${h.since}` : ''})`,
    { hint: `wait for it to finish; if no ${names.job} is running, remove ${conflict!.file}` },
  );
}

/** Writes the claim under a hidden name, then renames it into place: a claim is never seen half-written. */
async function placeClaim(file: string, holder: LockHolder, names: ClaimLockNames): Promise<void> {
  const tmp = tempPathBeside(file);
  try {
    await writeFile(tmp, `${JSON.stringify(holder)}\n`, { flag: 'wx', mode: 0o644 });
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`${names.folder} ${dirname(file)} does not exist`);
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
      throw new UsageError(`${names.folder} ${dirname(file)} is not writable (${code})`);
    throw new RuntimeError(`cannot lock ${names.what}: ${(err as Error).message}`);
  }
}

/**
 * The first live claim other than `mine`, or undefined. Claims of processes
 * that are gone (on this host) are removed on the way. The single lock file of
 * earlier wfctl versions (PATH.lock) counts as a claim while its process
 * runs; when it is gone the file is ignored, not removed (its name is shared).
 */
async function otherLiveClaim(
  dir: string,
  base: string,
  mine: string,
): Promise<{ holder: Partial<LockHolder>; file: string } | undefined> {
  const names = await readdir(dir);
  for (const name of names) {
    const isClaim = name.startsWith(`${base}${CLAIM_INFIX}`);
    const isLegacy = name === `${base}.lock`;
    if (!isClaim && !isLegacy) continue;
    const file = join(dir, name);
    if (file === mine) continue;
    let holder: Partial<LockHolder>;
    try {
      holder = JSON.parse(await readFile(file, 'utf8')) as Partial<LockHolder>;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue; // released meanwhile
      // unreadable or not ours: held, to be safe
      return { holder: {}, file };
    }
    if (isGone(holder)) {
      // only a claim's own unique name is removed: no one can have placed a fresh claim under it
      if (isClaim) await unlink(file).catch(() => undefined);
      continue;
    }
    return { holder, file };
  }
  return undefined;
}

/** A holder on this host whose process no longer runs. Holders on other hosts cannot be checked: they count as live. */
function isGone(h: Partial<LockHolder>): boolean {
  return h.host === hostname() && typeof h.pid === 'number' && !processRuns(h.pid);
}
