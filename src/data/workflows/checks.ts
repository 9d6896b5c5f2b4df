/** The invariant of custom_workflows that wfctl relies on: one document per workflow id. */
import type { ConsistencyCheck, Finding } from '../core/consistency.js';
import { quoteInput } from '../../quote.js';

export const workflowIdsCheck: ConsistencyCheck = {
  name: 'workflow-ids',
  description: "no two workflows share an id (the backend's ObjectId _id, or a string id written by other tools)",
  async run(ds) {
    const findings: Finding[] = [];
    // ObjectIds are unique by the _id index; only string ids of other tools can collide (with each other or an _id)
    const dups = await ds.run('find duplicate workflow ids', () =>
      ds.workflows
        .aggregate<{ _id: unknown; n: number }>(
          [
            { $match: { id: { $type: 'string' } } },
            { $group: { _id: '$id', n: { $sum: 1 } } },
            { $match: { n: { $gt: 1 } } },
            { $limit: 20 },
          ],
          ds.opts(),
        )
        .toArray(),
    );
    for (const d of dups) {
      findings.push({
        check: 'workflow-ids',
        severity: 'error',
        message: `workflow id ${quoteInput(String(d._id))} is used by ${d.n} documents`,
        fix: 'remove or rename the duplicates in custom_workflows; wfctl reads the first one it finds',
        data: { workflowId: d._id, count: d.n },
      });
    }
    return findings;
  },
};
