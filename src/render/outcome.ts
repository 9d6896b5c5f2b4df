/** How a run's outcome reads in text output. */
import type { RunOutcome } from '../data/core/index.js';

/** "succeeded", "succeeded with failed actions", "failed", or the stored status. */
export function outcomeText(outcome: RunOutcome, status: string | null): string {
  if (outcome === 'succeeded') return 'succeeded';
  if (outcome === 'succeeded-with-failed-actions') return 'succeeded with failed actions';
  if (outcome === 'failed') return 'failed';
  return status ?? '?';
}

/** "12 succeeded, 3 of them with failed actions, 2 failed, 1 running or cancelled" */
export function executionsText(e: {
  succeeded: number;
  succeededWithFailedActions: number;
  failed: number;
  other: number;
}): string {
  const partial =
    e.succeededWithFailedActions > 0 ? `, ${e.succeededWithFailedActions} of them with failed actions` : '';
  return `${e.succeeded} succeeded${partial}, ${e.failed} failed, ${e.other} running or cancelled`;
}

/** "1 version", "3 versions", "0 days". */
export function plural(n: number, noun: string, nouns = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : nouns}`;
}
