/** How the change-request verbs print: a line saying what happened and what comes next; tables; --json. */
import type { IOStreams } from '../../io.js';
import {
  describeIdentity,
  NOT_AUTHENTICATED,
  shownStatus,
  type ApplyOutcome,
  type ApproveOutcome,
  type ChangeRequestDoc,
} from '../../data/actions/index.js';
import { printJson } from '../../render/json.js';
import { oneLine, renderKeyValues, renderTable, type Column } from '../../render/table.js';
import type { FiledRequest } from './run.js';

/** A request as --json prints it: the stored document, its shown status, the approvals as a list. */
export function requestJson(doc: ChangeRequestDoc, now: Date) {
  const { _id, approvals, ...rest } = doc;
  return { id: _id, ...rest, shown_status: shownStatus(doc, now), approvals: Object.values(approvals) };
}

function what(doc: ChangeRequestDoc): string {
  const p = doc.plan;
  const wf =
    doc.workflow_name && doc.workflow_name !== p.workflow_id
      ? `${p.workflow_id} (${oneLine(doc.workflow_name)})`
      : p.workflow_id;
  const on = `on top of version ${p.expected_current ?? 'none'}`;
  return p.kind === 'rollback' ? `roll back ${wf} to version ${p.to} (${on})` : `new version of ${wf} (${on})`;
}

export function printFiled(r: FiledRequest, io: IOStreams, json: boolean, now: Date): void {
  if (json)
    return printJson(io, {
      status: r.status,
      message: r.message,
      request: r.request ? requestJson(r.request, now) : null,
    });
  if (!r.request) {
    io.out(`${r.message}\n`);
    return;
  }
  const d = r.request;
  const n = d.required_approvals;
  io.out(
    `Filed change request ${d._id}: ${what(d)}, reason ${JSON.stringify(d.plan.reason)}.\n` +
      `It needs ${n} approval${n === 1 ? '' : 's'} from others than ${describeIdentity(d.requester)}; it expires at ${d.expires_at.toISOString()}.\n` +
      `Next: another person runs \`wfctl approve ${d._id}\` (see \`wfctl requests show ${d._id}\`); once approved, \`wfctl apply ${d._id}\`.\n`,
  );
}

const columns: Column<{ doc: ChangeRequestDoc; now: Date }>[] = [
  { header: 'id', value: (r) => r.doc._id },
  { header: 'status', value: (r) => shownStatus(r.doc, r.now) },
  { header: 'approvals', value: (r) => `${r.doc.approval_count}/${r.doc.required_approvals}` },
  // on a terminal too narrow for the table: the reason and the requester are cut, then expires and workflow left out
  { header: 'workflow', value: (r) => r.doc.plan.workflow_id, dropOrder: 2 },
  {
    header: 'change',
    value: (r) =>
      r.doc.plan.kind === 'rollback'
        ? `rollback to v${r.doc.plan.to} on v${r.doc.plan.expected_current ?? '-'}`
        : `new version on v${r.doc.plan.expected_current ?? '-'}`,
  },
  { header: 'requester', value: (r) => describeIdentity(r.doc.requester), maxWidth: 40, minWidth: 12 },
  { header: 'expires', value: (r) => r.doc.expires_at, dropOrder: 1 },
  { header: 'reason', value: (r) => r.doc.plan.reason, maxWidth: 50 },
];

export function printRequestList(list: ChangeRequestDoc[], io: IOStreams, json: boolean, now: Date): void {
  if (json)
    return printJson(
      io,
      list.map((d) => requestJson(d, now)),
    );
  if (list.length === 0 && io.stdoutIsTTY) {
    io.out('No change requests.\n');
    return;
  }
  io.out(
    renderTable(
      io,
      columns,
      list.map((doc) => ({ doc, now })),
    ),
  );
}

export function printRequest(doc: ChangeRequestDoc, io: IOStreams, json: boolean, now: Date): void {
  if (json) return printJson(io, requestJson(doc, now));
  io.out(
    renderKeyValues(io, [
      ['id', doc._id],
      ['status', shownStatus(doc, now)],
      ['change', what(doc)],
      ['reason', doc.plan.reason],
      ['plan hash', doc.plan_hash],
      ['requester', describeIdentity(doc.requester)],
      ['requested at', doc.created_at],
      ['expires at', doc.expires_at],
      ['approvals', `${doc.approval_count} of ${doc.required_approvals}`],
      ...(doc.rejection
        ? ([['rejected', `by ${describeIdentity(doc.rejection.by)}: ${doc.rejection.reason}`]] as [string, string][])
        : []),
      ...(doc.applied
        ? ([
            [
              'applied',
              `by ${describeIdentity(doc.applied.by)} as version ${doc.applied.version ?? '-'}${doc.applying?.break_glass ? ' (break-glass, without approvals)' : ''}`,
            ],
          ] as [string, string][])
        : []),
      ...(doc.stale ? ([['stale', doc.stale.why]] as [string, string][]) : []),
    ]),
  );
  for (const a of Object.values(doc.approvals)) {
    io.out(
      `  approved by ${describeIdentity(a)} at ${a.at.toISOString()}${a.comment ? `: ${oneLine(a.comment)}` : ''}\n`,
    );
  }
  const ev = doc.evidence as
    | {
        current?: { version: number; runs: number; successRate: number | null } | null;
        target?: { version: number; runs: number; successRate: number | null };
      }
    | null
    | undefined;
  for (const [role, side] of [
    ['current', ev?.current],
    ['target', ev?.target],
  ] as const) {
    if (side)
      io.out(
        `  evidence: ${role} v${side.version}: ${side.runs} runs${side.successRate !== null ? `, ${side.successRate}% ok` : ''}\n`,
      );
  }
}

export function printApproved(r: ApproveOutcome, io: IOStreams, json: boolean, now: Date): void {
  const d = r.request;
  if (json) return printJson(io, { counted: r.counted, by: r.by, request: requestJson(d, now) });
  const who = r.by.authenticated ? ` as ${r.by.id}` : ` as ${r.by.id} (${NOT_AUTHENTICATED})`;
  const head = r.counted
    ? `Approved change request ${d._id}${who}`
    : `You${who} approved change request ${d._id} already; an approval counts once`;
  const ready = d.approval_count >= d.required_approvals;
  io.out(
    `${head}: ${d.approval_count} of ${d.required_approvals} approval${d.required_approvals === 1 ? '' : 's'}.\n` +
      (ready
        ? `Next: \`wfctl apply ${d._id}\`.\n`
        : `Next: ${d.required_approvals - d.approval_count} more from others, then \`wfctl apply ${d._id}\`.\n`),
  );
}

export function printRejected(d: ChangeRequestDoc, io: IOStreams, json: boolean, now: Date): void {
  if (json) return printJson(io, requestJson(d, now));
  io.out(`Rejected change request ${d._id}: ${d.rejection?.reason ?? ''}\n`);
}

export function printApplied(r: ApplyOutcome, io: IOStreams, json: boolean, now: Date): void {
  if (json) return printJson(io, { version: r.version, from: r.from, request: requestJson(r.request, now) });
  const d = r.request;
  io.out(
    r.version === null
      ? `Applied change request ${d._id}: nothing new was written (the workflow already held the data).\n`
      : `Applied change request ${d._id}: ${what(d).replace(/ \(on top of version .*\)$/, '')} as version ${r.version}, after ${r.from ?? 'none'}.\n`,
  );
}
