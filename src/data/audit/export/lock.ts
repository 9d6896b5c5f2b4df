/**
 * One export at a time per checkpoint: two overlapping cron runs would both
 * start from the same position and export the same records twice. The lock is
 * the claim-file lock of data/core/claim-lock.ts, taken on the checkpoint.
 */
import { takeClaimLock, type ClaimLock, type LockOptions } from '../../core/claim-lock.js';

export type { LockHolder, LockOptions } from '../../core/claim-lock.js';

/** A lock that is held: release() removes the claim (once). */
export type CheckpointLock = ClaimLock;

export function lockCheckpoint(checkpoint: string, options: LockOptions = {}): Promise<CheckpointLock> {
  return takeClaimLock(
    checkpoint,
    { job: 'export', what: `checkpoint ${checkpoint}`, folder: 'checkpoint folder' },
    options,
  );
}
