/**
 * Version references on the command line: a number (`5`, `v5`), `current`
 * (the highest version; `latest` and `HEAD` are the same, any case), or
 * `current~N` (N versions before current; also `HEAD~N`).
 * Pure: no driver, usable from commander's argument parsers.
 */
import { UsageError } from '../../errors.js';
import { quoteInput } from '../../quote.js';

export type VersionRef = { kind: 'number'; version: number } | { kind: 'current'; back: number };

export const VERSION_REF_HINT =
  'accepted: a version number (1, 2, ...; also v5), current (also latest or HEAD), or current~N (N versions before current)';

export function parseVersionRef(text: string): VersionRef {
  const t = text.trim();
  const num = /^v?(\d{1,15})$/i.exec(t);
  if (num) {
    const version = Number(num[1]);
    if (version >= 1) return { kind: 'number', version };
    throw new UsageError(`${quoteInput(text)} is not a version: numbers start at 1; ${VERSION_REF_HINT}`);
  }
  const cur = /^(?:current|latest|head)(?:~(\d{1,9}))?$/i.exec(t);
  if (cur) return { kind: 'current', back: cur[1] === undefined ? 0 : Number(cur[1]) };
  throw new UsageError(`${quoteInput(text)} is not a version; ${VERSION_REF_HINT}`);
}

export function describeVersionRef(ref: VersionRef): string {
  if (ref.kind === 'number') return String(ref.version);
  return ref.back === 0 ? '"current"' : `"current~${ref.back}"`;
}
