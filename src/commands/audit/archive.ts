import type { CommandContext } from '../../context.js';
import {
  archiveAuditTrail,
  loadSigningKey,
  previewArchive,
  type ArchiveAuditResult,
  type ArchivePreview,
  type ExportFormat,
} from '../../data/audit/index.js';
import { authenticatedName, authenticatedUsers } from '../../data/core/index.js';
import { UsageError } from '../../errors.js';
import type { IOStreams } from '../../io.js';
import { printJson } from '../../render/json.js';
import { createProgressLine } from '../../render/progress.js';
import { renderTable } from '../../render/table.js';

export interface AuditArchiveInput {
  before: Date;
  /** --before as given, when it is a span before now (365d) */
  beforeSpan?: string | undefined;
  output?: string;
  format: ExportFormat;
  jsonFormat: 'relaxed' | 'canonical';
  delete?: boolean;
  dryRun?: boolean;
  mode?: number;
  /** --sign-key: the Ed25519 private key file */
  signKey?: string;
}

export type AuditArchiveOutcome =
  { dryRun: true; preview: ArchivePreview } | { dryRun: false; result: ArchiveAuditResult };

export async function runAuditArchive(input: AuditArchiveInput, ctx: CommandContext): Promise<AuditArchiveOutcome> {
  if (input.dryRun) {
    if (input.delete || input.output !== undefined || input.signKey !== undefined)
      throw new UsageError('--dry-run writes and deletes nothing: leave out --output, --delete and --sign-key');
    const ds = await ctx.dataSource();
    if (input.before.getTime() > ctx.now().getTime())
      throw new UsageError(`--before ${input.before.toISOString()} is in the future; nothing would be archived`);
    const preview = await previewArchive(ds, input.before);
    if (preview.records === 0)
      throw new UsageError(`no records older than ${input.before.toISOString()}: the range is empty`);
    return { dryRun: true, preview };
  }
  if (input.output === undefined || input.output === '-')
    throw new UsageError('an archive needs --output FILE (the verified file is what makes the delete safe)', {
      hint: 'e.g. --output /srv/audit/archive-$(date +%F).ndjson; --dry-run shows what it would hold',
    });
  // a missing or unreadable key is bad input, refused before anything is read or written
  const signKey = input.signKey !== undefined ? await loadSigningKey(input.signKey, '--sign-key') : undefined;
  const ds = await ctx.dataSource({ writes: true });
  const authenticatedUser = authenticatedName(await authenticatedUsers(ds.db).catch(() => []), ds.dbName);
  const hmacKey = ctx.env.WFCTL_EXPORT_HMAC_KEY;
  if (hmacKey) ctx.keychain.register(hmacKey);
  const progress = createProgressLine(ctx.io, 'records deleted');
  const started = Date.now();
  const abort = new AbortController();
  const unregister = ctx.interrupts.onInterrupt(() => abort.abort());
  try {
    const result = await archiveAuditTrail(ds, {
      before: input.before,
      ...(input.beforeSpan !== undefined ? { beforeSpan: input.beforeSpan } : {}),
      output: input.output,
      format: input.format,
      jsonFormat: input.jsonFormat,
      delete: input.delete === true,
      actor: ctx.actor(),
      authenticatedUser,
      ...(hmacKey ? { hmacKey } : {}),
      ...(signKey ? { signKey } : {}),
      ...(input.mode !== undefined ? { mode: input.mode } : {}),
      signal: abort.signal,
      onWarning: (m) => ctx.warn(m),
      ...(ctx.io.stderrInteractive
        ? { onProgress: (done, total) => progress.update(done, total, Date.now() - started) }
        : {}),
    });
    return { dryRun: false, result };
  } finally {
    unregister();
    progress.done();
  }
}

const n = (count: number) => count.toLocaleString('en-US');
const records = (count: number) => `${n(count)} record${count === 1 ? '' : 's'}`;

export function printAuditArchive(o: AuditArchiveOutcome, io: IOStreams, json: boolean): void {
  if (o.dryRun) return printPreview(o.preview, io, json);
  const r = o.result;
  if (json) printJson(io, r);
  if (r.alreadyDone) {
    io.note(`${r.file} was archived and its ${records(r.deleted ?? 0)} deleted already; nothing more was deleted.\n`);
  } else {
    if (r.resumedFrom) io.note(`Continued the archive ${r.file} (its journal was at: ${r.resumedFrom}).\n`);
    io.note(
      `Archived ${records(r.records)} older than ${r.before} to ${r.file} (verified, reconciled by _id; sha256 ${r.sha256.slice(0, 16)}…).\n`,
    );
    if (r.deleted !== null) io.note(`Deleted ${records(r.deleted)} (recorded as audit_archived ${r.event}).\n`);
    else io.note('Nothing was deleted (add --delete to delete exactly the records of this file).\n');
  }
  if (r.kept > 0) io.note(`Kept ${records(r.kept)} under a legal hold (in the file, not deleted).\n`);
  const later = r.deleted === null ? 0 : r.remaining;
  if (later > 0)
    io.note(
      `${records(later)} older than ${r.before} ${later === 1 ? 'is' : 'are'} not in this file (arrived after it was written): ${later === 1 ? 'it remains' : 'they remain'} for the next archive.\n`,
    );
}

function printPreview(p: ArchivePreview, io: IOStreams, json: boolean): void {
  if (json) return printJson(io, p);
  io.out(
    renderTable(
      io,
      [
        { header: 'MONTH', value: (r) => r.month },
        { header: 'EVENT TYPE', value: (r) => r.eventType ?? '(none)' },
        { header: 'RECORDS', value: (r) => r.records, align: 'right' },
        { header: 'HELD', value: (r) => r.held, align: 'right' },
      ],
      p.byTypeAndMonth,
    ),
  );
  io.note(
    `Would archive ${records(p.records)} older than ${p.before} and delete ${records(p.wouldDelete)}${p.held > 0 ? `; ${n(p.held)} under a legal hold (${p.holds.join(', ')}) would be kept` : ''}. Nothing was written.\n`,
  );
}
