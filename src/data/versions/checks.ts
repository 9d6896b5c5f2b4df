/**
 * `db doctor` check of the version invariants (SPEC 1-4): numbers unique and
 * gap-free, exactly one current version and it is the highest,
 * custom_workflows at the highest version, and an audit record for every
 * version wfctl wrote. Each state an interrupted write can leave is named
 * precisely; --repair finishes the write (write.ts), never rewriting
 * a version.
 */
import type { Filter, ObjectId } from 'mongodb';
import type { DataSource } from '../core/connection.js';
import type { ConsistencyCheck, Finding, RepairOutcome } from '../core/consistency.js';
import { toDate, toNumberOrNull, toStringOrNull, workflowIdOf } from '../core/normalize.js';
import type { RawAuditDoc, RawVersionDoc, RawWorkflowDoc } from '../core/types.js';
import { completeVersion, syncWorkflowDocument } from './write.js';
import { auditEventType, auditRecordId, ensureAuditRecord, writtenByWfctl } from './version-audit.js';
import { findLatestVersion, findVersion } from './read.js';
import { findLiveWorkflow } from '../core/workflow-ref.js';

export type VersionFindingKind =
  | 'duplicate-numbers'
  | 'gaps'
  | 'current-flags'
  | 'workflow-behind'
  | 'workflow-ahead'
  | 'workflow-missing'
  | 'workflow-unversioned'
  | 'audit-missing';

interface WorkflowVersions {
  numbers: number[];
  current: number[];
  /** wfctl-written versions: number → audit _id */
  audited: Array<{ n: number; id: ObjectId; event: string; rollbackOf: number | null }>;
}

async function scanVersions(ds: DataSource): Promise<Map<string, WorkflowVersions>> {
  const byWf = new Map<string, WorkflowVersions>();
  await ds.run('scan versions', async () => {
    byWf.clear();
    const cursor = ds.versions.find({}, ds.opts()).project<Partial<RawVersionDoc>>({
      _id: 0,
      workflow_id: 1,
      version_number: 1,
      is_current: 1,
      user_agent: 1,
      rollback_of: 1,
      changed_at: 1,
    });
    for await (const doc of cursor) {
      const wf = toStringOrNull(doc.workflow_id);
      const n = toNumberOrNull(doc.version_number);
      if (wf === null || n === null) continue;
      let entry = byWf.get(wf);
      if (!entry) byWf.set(wf, (entry = { numbers: [], current: [], audited: [] }));
      entry.numbers.push(n);
      if (doc.is_current === true) entry.current.push(n);
      if (writtenByWfctl(doc)) {
        entry.audited.push({
          n,
          id: await auditRecordId({ ...doc, workflow_id: wf, version_number: n } as RawVersionDoc),
          event: auditEventType(doc),
          rollbackOf: toNumberOrNull(doc.rollback_of),
        });
      }
    }
  });
  return byWf;
}

/** The documents behind duplicate version numbers, oldest first, for the doctor's message. */
async function duplicateDocuments(
  ds: DataSource,
  workflowId: string,
  numbers: number[],
): Promise<
  Array<{ version: number; id: string; changedAt: string | null; changedBy: string | null; isCurrent: boolean }>
> {
  const docs = await ds.run('read duplicate versions', () =>
    ds.versions
      .find({ workflow_id: { $eq: workflowId }, version_number: { $in: numbers } } as Filter<RawVersionDoc>, ds.opts())
      .project<Partial<RawVersionDoc> & { _id: ObjectId }>({
        _id: 1,
        version_number: 1,
        changed_at: 1,
        changed_by: 1,
        is_current: 1,
      })
      .toArray(),
  );
  return docs
    .map((d) => ({
      version: toNumberOrNull(d.version_number) ?? 0,
      id: toStringOrNull(d._id) ?? '',
      changedAt: toDate(d.changed_at)?.toISOString() ?? null,
      changedBy: toStringOrNull(d.changed_by),
      isCurrent: d.is_current === true,
    }))
    .sort(
      (a, b) =>
        a.version - b.version || (a.changedAt ?? '').localeCompare(b.changedAt ?? '') || a.id.localeCompare(b.id),
    );
}

function list(ns: number[]): string {
  return ns.length <= 8 ? ns.join(', ') : `${ns.slice(0, 8).join(', ')} and ${ns.length - 8} more`;
}

interface BackendKept {
  workflowId: string;
  highest: number;
  workflowVersion: number | null;
}

interface ExpectedAudit {
  wf: string;
  n: number;
  event: string;
  rollbackOf: number | null;
}

/** Each live workflow's current_version. */
async function readCurrentVersions(ds: DataSource): Promise<Map<string, number | null>> {
  const workflows = new Map<string, number | null>();
  await ds.run('read workflow versions', async () => {
    workflows.clear();
    const cursor = ds.workflows
      .find({}, ds.opts())
      .project<Partial<RawWorkflowDoc>>({ _id: 1, id: 1, current_version: 1 });
    for await (const w of cursor) {
      const id = workflowIdOf(w);
      if (id !== '') workflows.set(id, toNumberOrNull(w.current_version));
    }
  });
  return workflows;
}

/** The findings of one workflow's versions; a highest version the backend saved (not compared) goes to backendKept. */
async function workflowFindings(
  ds: DataSource,
  wf: string,
  v: WorkflowVersions,
  workflows: Map<string, number | null>,
  backendKept: BackendKept[],
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const nums = [...v.numbers].sort((a, b) => a - b);
  const max = nums[nums.length - 1]!;
  const dups = nums.filter((n, i) => i > 0 && nums[i - 1] === n);
  if (dups.length > 0) {
    const numbers = [...new Set(dups)];
    const docs = await duplicateDocuments(ds, wf, numbers.slice(0, 5));
    findings.push({
      check: 'versions',
      severity: 'error',
      message: `workflow "${wf}": version number${numbers.length === 1 ? '' : 's'} ${list(numbers)} used more than once (${docs.map((d) => `v${d.version}: ${d.id} at ${d.changedAt ?? '?'} by ${d.changedBy ?? '?'}`).join('; ')})`,
      fix:
        'the backend saves versions without a unique index, so writers racing each other can take one number twice. Decide which document of each number to keep ' +
        '(the later one is what the writer that came second saw), move the other out, e.g. in mongosh ' +
        '`db.workflow_versions_duplicates.insertOne(db.workflow_versions.findOne({_id: ObjectId("<id>")})); db.workflow_versions.deleteOne({_id: ObjectId("<id>")})`, ' +
        'then run wfctl db indexes --apply, which creates the unique index {workflow_id, version_number} that prevents it (wfctl refuses to write versions without it)',
      data: { kind: 'duplicate-numbers', workflowId: wf, versions: numbers, documents: docs },
    });
  }
  const gaps: number[] = [];
  for (let i = 1; i < nums.length && gaps.length < 50; i++) {
    for (let g = nums[i - 1]! + 1; g < nums[i]! && gaps.length < 50; g++) gaps.push(g);
  }
  if (gaps.length > 0) {
    findings.push({
      check: 'versions',
      severity: 'warning',
      message: `workflow "${wf}": version numbers have gaps: ${list(gaps)} missing`,
      fix: 'history is never rewritten; the gap stays (written by another tool or deleted by hand)',
      data: { kind: 'gaps', workflowId: wf, missing: gaps },
    });
  }
  const current = [...v.current].sort((a, b) => a - b);
  if (!(current.length === 1 && current[0] === max)) {
    const state =
      current.length === 0
        ? 'no version is marked current'
        : current.length === 1
          ? `version ${current[0]} is marked current`
          : `versions ${list(current)} are all marked current`;
    findings.push({
      check: 'versions',
      severity: 'error',
      message: `workflow "${wf}": the highest version is ${max}, but ${state} (an interrupted or unfinished write)`,
      fix: 'wfctl db doctor --repair marks the highest version current and clears the others',
      data: { kind: 'current-flags', workflowId: wf, highest: max, current },
      repairable: true,
    });
  }
  if (!workflows.has(wf)) {
    findings.push({
      check: 'versions',
      severity: 'info',
      message: `workflow "${wf}" has ${nums.length} version${nums.length === 1 ? '' : 's'} but no document in custom_workflows (deleted?)`,
      data: { kind: 'workflow-missing', workflowId: wf },
    });
  } else {
    const cv = workflows.get(wf) ?? null;
    const maxByWfctl = v.audited.some((a) => a.n === max);
    if ((cv === null || cv < max) && !maxByWfctl) {
      // the backend saves versions without touching custom_workflows (its rollback $sets it, its
      // updates go through the workflow API): a version it wrote is not an interrupted write of wfctl's
      backendKept.push({ workflowId: wf, highest: max, workflowVersion: cv });
    } else if (cv === null || cv < max) {
      findings.push({
        check: 'versions',
        severity: 'error',
        message: `workflow "${wf}": custom_workflows is at version ${cv ?? '(none)'}, but version ${max} exists (an interrupted write)`,
        fix: `wfctl db doctor --repair writes version ${max}'s state to custom_workflows`,
        data: { kind: 'workflow-behind', workflowId: wf, workflowVersion: cv, highest: max },
        repairable: true,
      });
    } else if (cv > max) {
      findings.push({
        check: 'versions',
        severity: 'error',
        message: `workflow "${wf}": custom_workflows says current_version ${cv}, but the highest version is ${max}`,
        fix: `wfctl db doctor --repair writes version ${max}'s state to custom_workflows`,
        data: { kind: 'workflow-ahead', workflowId: wf, workflowVersion: cv, highest: max },
        repairable: true,
      });
    }
  }
  return findings;
}

/** An error for each audit record wfctl should have written (wanted: by audit _id) and did not. */
async function missingAuditFindings(
  ds: DataSource,
  byWf: Map<string, WorkflowVersions>,
  wanted: Map<string, ExpectedAudit>,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const missingAudit: ExpectedAudit[] = [];
  // which expected audit records exist, a batch of ids at a time
  const ids = [...byWf.values()].flatMap((v) => v.audited.map((a) => a.id));
  for (let i = 0; i < ids.length; i += 1000) {
    const batch = ids.slice(i, i + 1000);
    const found = await ds.run('find audit records', () =>
      ds.audit
        .find({ _id: { $in: batch } } as Filter<RawAuditDoc>, ds.opts())
        .project<{ _id: ObjectId }>({ _id: 1 })
        .toArray(),
    );
    for (const f of found) wanted.delete(f._id.toHexString());
  }
  missingAudit.push(...wanted.values());
  missingAudit.sort((a, b) => a.wf.localeCompare(b.wf) || a.n - b.n);
  for (const m of missingAudit) {
    const what = m.rollbackOf !== null ? `(rollback to ${m.rollbackOf}) ` : '';
    findings.push({
      check: 'versions',
      severity: 'error',
      message: `workflow "${m.wf}": version ${m.n} ${what}has no ${m.event} audit record (an interrupted write)`,
      fix: 'wfctl db doctor --repair writes it from the version document',
      data: { kind: 'audit-missing', workflowId: m.wf, version: m.n, eventType: m.event },
      repairable: true,
    });
  }
  return findings;
}

export const versionsCheck: ConsistencyCheck = {
  name: 'versions',
  description:
    'version numbers unique and gap-free, exactly one current version and it is the highest, custom_workflows at the highest version, an audit record for every version wfctl wrote',
  async run(ds) {
    const findings: Finding[] = [];
    const byWf = await scanVersions(ds);
    if (byWf.size === 0) return findings;
    const workflows = await readCurrentVersions(ds);
    const backendKept: BackendKept[] = [];
    const wanted = new Map<string, ExpectedAudit>();
    for (const [wf, v] of [...byWf.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      findings.push(...(await workflowFindings(ds, wf, v, workflows, backendKept)));
      for (const a of v.audited)
        wanted.set(a.id.toHexString(), { wf, n: a.n, event: a.event, rollbackOf: a.rollbackOf });
    }
    if (backendKept.length > 0) {
      const few = backendKept
        .slice(0, 5)
        .map((b) => b.workflowId)
        .join(', ');
      findings.push({
        check: 'versions',
        severity: 'info',
        message:
          `${backendKept.length} workflow${backendKept.length === 1 ? '' : 's'} (${few}${backendKept.length > 5 ? ', ...' : ''}) ` +
          `${backendKept.length === 1 ? 'has' : 'have'} a highest version the backend saved, which keeps custom_workflows itself; not compared`,
        data: { kind: 'workflow-unversioned', workflows: backendKept },
      });
    }
    findings.push(...(await missingAuditFindings(ds, byWf, wanted)));
    return findings;
  },

  async repair(ds, findings, actor) {
    const outcomes: RepairOutcome[] = [];
    const workflows = new Set<string>();
    for (const f of findings) {
      const d = f.data as {
        kind?: VersionFindingKind;
        workflowId?: string;
        version?: number;
        workflowVersion?: number | null;
        highest?: number;
      };
      if (!d?.workflowId) continue;
      if (d.kind === 'current-flags' || d.kind === 'workflow-behind') workflows.add(d.workflowId);
      if (d.kind === 'audit-missing' && d.version !== undefined) {
        const doc = await findVersion(ds, d.workflowId, d.version);
        if (doc && (await ensureAuditRecord(ds, doc, actor))) {
          outcomes.push({
            check: 'versions',
            message: `workflow "${d.workflowId}": wrote the missing audit record of version ${d.version}`,
            data: d,
          });
        }
      }
      if (d.kind === 'workflow-ahead' && d.highest !== undefined) {
        const doc = await findLatestVersion(ds, d.workflowId);
        if (doc) {
          // only if nobody changed it since the check: the bogus number must still be there
          const live = await findLiveWorkflow(ds, d.workflowId, { _id: 1 });
          const r = await ds.run('repair workflow version', () =>
            ds.workflows.updateOne(
              { _id: live?._id, current_version: { $eq: d.workflowVersion } } as Filter<RawWorkflowDoc>,
              { $set: { current_version: 0 } },
              ds.opts(),
            ),
          );
          if (r.modifiedCount > 0 && (await syncWorkflowDocument(ds, doc))) {
            outcomes.push({
              check: 'versions',
              message: `workflow "${d.workflowId}": custom_workflows set to version ${doc.version_number}'s state`,
              data: d,
            });
          }
        }
      }
    }
    for (const wf of workflows) {
      const doc = await findLatestVersion(ds, wf);
      if (doc && (await completeVersion(ds, doc, 'repair', actor))) {
        outcomes.push({
          check: 'versions',
          message: `workflow "${wf}": finished the write of version ${doc.version_number} (current flag, custom_workflows, audit record)`,
          data: { workflowId: wf, version: doc.version_number },
        });
      }
    }
    return outcomes;
  },
};
