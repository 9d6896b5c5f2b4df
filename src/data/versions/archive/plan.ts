/**
 * Which versions `versions archive --keep N` archives: per workflow, every
 * version except the N highest-numbered ones, the current one (is_current,
 * and the highest number), and any version a kept rollback restored (followed
 * through rollbacks of rollbacks), since the backend's history reads only the
 * newest and a rollback's target must stay restorable.
 */
import type { ObjectId } from 'mongodb';
import type { DataSource } from '../../core/connection.js';
import { toNumberOrNull } from '../../core/normalize.js';
import { ROLLBACK_FIELDS, rollbackTargetOf } from '../read.js';

export interface WorkflowVersionsPlan {
  workflowId: string;
  /** version numbers kept, newest first */
  kept: number[];
  /** versions archived (and deleted with --delete), oldest first */
  archived: Array<{ _id: ObjectId; version: number }>;
}

interface VersionFacts {
  _id: ObjectId;
  version_number?: unknown;
  is_current?: unknown;
  rollback_of?: unknown;
  change_description?: unknown;
  changed_at?: unknown;
  workflow_data?: unknown;
}

/** The versions of one workflow to keep and to archive. */
export function splitVersions(workflowId: string, docs: VersionFacts[], keep: number): WorkflowVersionsPlan {
  const numbered = docs
    .map((d) => ({ d, n: toNumberOrNull(d.version_number) }))
    .sort((a, b) => (b.n ?? -Infinity) - (a.n ?? -Infinity));
  const keptIds = new Set<string>();
  const keptNumbers = new Set<number>();
  const keepDoc = (x: { d: VersionFacts; n: number | null }) => {
    keptIds.add(x.d._id.toHexString());
    if (x.n !== null) keptNumbers.add(x.n);
  };
  numbered.slice(0, keep).forEach(keepDoc);
  for (const x of numbered) if (x.d.is_current === true || x.n === null) keepDoc(x);
  // the targets of kept rollbacks, and theirs in turn
  let grew = true;
  while (grew) {
    grew = false;
    for (const x of numbered) {
      if (!keptIds.has(x.d._id.toHexString())) continue;
      const target = rollbackTargetOf(x.d);
      if (target === null) continue;
      for (const y of numbered)
        if (y.n === target && !keptIds.has(y.d._id.toHexString())) {
          keepDoc(y);
          grew = true;
        }
    }
  }
  const archived = numbered
    .filter((x) => !keptIds.has(x.d._id.toHexString()))
    .map((x) => ({ _id: x.d._id, version: x.n! }))
    .reverse();
  return { workflowId, kept: [...keptNumbers].sort((a, b) => b - a), archived };
}

/** Reads the facts of each workflow's versions (no workflow_data beyond its rollback_info) and splits them. */
export async function planVersionsArchive(
  ds: DataSource,
  workflowId: string | null,
  keep: number,
): Promise<WorkflowVersionsPlan[]> {
  const ids =
    workflowId !== null
      ? [workflowId]
      : (
          (await ds.run('list the workflows with versions', () =>
            ds.versions.distinct('workflow_id', {}, ds.opts()),
          )) as unknown[]
        )
          .filter((x): x is string => typeof x === 'string')
          .sort();
  const plans: WorkflowVersionsPlan[] = [];
  for (const id of ids) {
    const docs = await ds.run('read the versions of a workflow', () =>
      ds.versions
        .find({ workflow_id: { $eq: id } }, ds.opts())
        .project<VersionFacts>({ _id: 1, version_number: 1, is_current: 1, ...ROLLBACK_FIELDS })
        .toArray(),
    );
    plans.push(splitVersions(id, docs, keep));
  }
  return plans;
}
