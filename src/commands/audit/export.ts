import type { CommandContext } from '../../context.js';
import { exportAuditTrail, type ExportAuditResult } from '../../data/audit/index.js';
import type { ExportFormat } from '../../data/audit/index.js';
import type { EjsonMode } from '../../data/core/index.js';
import { UsageError } from '../../errors.js';
import type { IOStreams } from '../../io.js';
import { printJson } from '../../render/json.js';
import { createProgressLine } from '../../render/progress.js';
import { toAuditFilter } from './filter.js';
import type { AuditFilterInput } from './options.js';

export interface AuditExportInput extends AuditFilterInput {
  format: ExportFormat;
  jsonFormat?: EjsonMode;
  output?: string;
  /** permission bits of the file, its manifest and the checkpoint (default 0600) */
  mode?: number;
  checkpoint?: string;
  settleMs: number;
  /** replace an existing --output file in a checkpointed run */
  force?: boolean;
  json: boolean;
  /** --bom: CSV only */
  bom?: boolean;
  /** --accept-late: with --checkpoint only */
  acceptLate?: boolean;
}

export async function runAuditExport(input: AuditExportInput, ctx: CommandContext): Promise<ExportAuditResult> {
  if (input.json && !input.output) {
    throw new UsageError('--json prints the export result, which needs --output (without it the records themselves go to stdout)');
  }
  if (input.bom && input.format !== 'csv') throw new UsageError('--bom applies to --format csv only', { hint: 'add --format csv, or leave out --bom' });
  if (input.acceptLate && !input.checkpoint) throw new UsageError('--accept-late applies to a series (--checkpoint) only');
  if (input.mode !== undefined && !input.output) throw new UsageError('--mode applies to files written with --output; the records go to stdout', { hint: 'add --output FILE, or leave out --mode' });
  const ds = await ctx.dataSource();
  const filter = await toAuditFilter(input, ctx);
  const progress = createProgressLine(ctx.io, 'records');
  // Ctrl-C: stop reading, remove the temporary file, release the lock, leave the checkpoint; then exit 130
  const abort = new AbortController();
  const unregister = ctx.interrupts.onInterrupt(() => abort.abort());
  const hmacKey = ctx.env.WFCTL_EXPORT_HMAC_KEY;
  if (hmacKey !== undefined) ctx.keychain.register(hmacKey);
  try {
    return await exportAuditTrail(ds, {
      filter,
      format: input.format,
      ...(input.jsonFormat ? { jsonFormat: input.jsonFormat } : {}),
      ...(input.output !== undefined ? { output: input.output } : { stdout: ctx.io.stdout }),
      ...(input.checkpoint !== undefined ? { checkpoint: input.checkpoint } : {}),
      ...(input.mode !== undefined ? { mode: input.mode } : {}),
      settleMs: input.settleMs,
      ...(input.force ? { force: true } : {}),
      ...(input.bom ? { bom: true } : {}),
      ...(input.acceptLate ? { acceptLate: true } : {}),
      actor: ctx.actor(),
      ...(hmacKey ? { hmacKey } : {}),
      signal: abort.signal,
      ...(ctx.io.stderrInteractive ? { onProgress: (p) => progress.update(p.written, p.total, p.elapsedMs) } : {}),
      onResume: (msg) => ctx.warn(msg),
      onWarning: (msg) => ctx.warn(msg),
    });
  } finally {
    unregister();
    progress.done();
  }
}

export function printAuditExport(r: ExportAuditResult, io: IOStreams, json: boolean): void {
  if (json) printJson(io, r);
  if (r.records === 0) io.note(`No records matched${r.file ? `; wrote an empty ${r.format} file ${r.file}` : ''}.\n`);
  else if (r.file) io.note(`Exported ${r.records} records to ${r.file} (sha256 ${r.sha256.slice(0, 16)}…, manifest ${r.manifest}).\n`);
  if (r.late.exported > 0) io.note(`${r.late.exported} of them had appeared behind the series' position since the last run (late records); they come first in the file and the manifest names them.\n`);
  if (r.late.accepted > 0) io.note(`${r.late.accepted} late record${r.late.accepted === 1 ? '' : 's'} accepted without a file (--accept-late); the manifest says so.\n`);
}
