/**
 * Phase 4 of an export (export.ts): from what was written, its manifest (sealed with the
 * signature asked for) and, in a series, the next checkpoint with this run's event, kept until
 * recorded; then the placement of the file, the manifest and the checkpoint (commit.ts).
 */
import { unlink } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { OWNER_ONLY } from '../../../atomic-file.js';
import { OutputWriteError, WfctlError, isSystemIoError } from '../../../errors.js';
import type { DataSource } from '../../core/connection.js';
import { CHECKPOINT_FORMAT, CHECKPOINT_VERSION, type StoredExportEvent } from './checkpoint.js';
import { commitExport, type CommitInput } from './commit.js';
import { exportEvent } from './event.js';
import type { ExportAuditOptions, ExportAuditResult } from './export-types.js';
import { idText } from './format.js';
import { MANIFEST_FORMAT, MANIFEST_VERSION, manifestSha256, type ExportManifest } from './manifest.js';
import type { ExportPlan } from './plan.js';
import { positionToStored } from './position.js';
import { sealManifest, signingOf } from './signing.js';
import type { StreamState } from './stream.js';

export interface Written {
  /** the complete, synced temporary file (with --output) */
  tmp: string | undefined;
  bytes: number;
  sha256: string;
  chainHead: string;
}

/**
 * Phase 4: the manifest, the moved checkpoint (with this run's event, kept until recorded) and the
 * placement (commit.ts). Returns the event of a checkpointed run.
 */
export async function sealExport(
  ds: DataSource,
  plan: ExportPlan,
  state: StreamState,
  w: Written & { tmp: string },
  result: ExportAuditResult,
  options: ExportAuditOptions,
): Promise<StoredExportEvent | undefined> {
  const output = options.output!;
  const lateDocs = plan.late.late;
  const manifest: ExportManifest = {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    tool: options.actor.userAgent,
    createdAt: new Date().toISOString(),
    file: basename(output),
    exportFormat: options.format,
    ...(options.format === 'csv' ? {} : { jsonFormat: options.jsonFormat ?? 'relaxed' }),
    database: ds.dbName,
    filter: plan.spec,
    range: { ...result.range, settleSeconds: plan.settleMs / 1000 },
    records: state.written,
    bytes: w.bytes,
    sha256: w.sha256,
    firstRecord: result.firstRecord,
    lastRecord: result.lastRecord,
    chain: { algorithm: 'sha256', genesis: plan.genesis, head: w.chainHead },
    series: plan.series ? { ...plan.series, previous: plan.checkpoint?.previous ?? null } : null,
    ...(options.checkpoint
      ? {
          late: {
            exported: lateDocs.length,
            ids: lateDocs.slice(0, 100).map((d) => idText(d._id)),
            accepted: plan.late.accepted,
            deleted: plan.late.deleted,
          },
        }
      : {}),
  };
  const previous = plan.checkpoint?.previous;
  const totalRecords =
    previous?.totalRecords !== undefined || !previous ? (previous?.totalRecords ?? 0) + state.written : undefined;
  if (manifest.series && totalRecords !== undefined) manifest.series.totalRecords = totalRecords;
  const signing = signingOf(options);
  const sealed = sealManifest(manifest, output, options);
  const { text, signature } = sealed;
  let series: CommitInput['checkpoint'];
  let event: StoredExportEvent | undefined;
  if (options.checkpoint && plan.series) {
    event = exportEvent(options.actor, plan.spec, result, plan.serverNow());
    const last = state.last ? positionToStored(state.last) : (plan.checkpoint?.last ?? null);
    series = {
      path: options.checkpoint,
      before: plan.checkpoint ?? null,
      next: {
        format: CHECKPOINT_FORMAT,
        version: CHECKPOINT_VERSION,
        filterSignature: plan.signature,
        filter: plan.spec,
        series: plan.series,
        since: plan.since?.toISOString() ?? null,
        last,
        previous: {
          file: basename(output),
          sha256: w.sha256,
          chainHead: w.chainHead,
          records: state.written,
          manifestSha256: manifestSha256(text),
          ...(totalRecords !== undefined ? { totalRecords } : {}),
        },
        pendingEvent: event,
        ledger: plan.late.ledger.toStored(last && 'date' in last.timestamp ? Date.parse(last.timestamp.date) : null),
        path: plan.checkpointPath!,
        signing,
        updatedAt: new Date().toISOString(),
      },
    };
  }
  // from here on the temporary file belongs to the commit: a later run completes or removes it
  await commitExport({
    tmp: w.tmp,
    output: resolve(output),
    sha256: w.sha256,
    bytes: w.bytes,
    manifest: sealed.manifest,
    ...(signature ? { signature } : {}),
    replace: !plan.refuseOverwrite,
    mode: options.mode ?? OWNER_ONLY,
    ...(series ? { checkpoint: series } : {}),
    ...(options.onCommitStep ? { onStep: options.onCommitStep } : {}),
  }).catch(async (err: unknown) => {
    await unlink(w.tmp).catch(() => undefined);
    // a full disk while placing the manifest or the checkpoint is a failed write, not a bug
    if (!(err instanceof WfctlError) && isSystemIoError(err))
      throw new OutputWriteError(err.path ?? resolve(output), err);
    throw err;
  });
  return event;
}
