import type { CommandContext } from '../../context.js';
import {
  exportAuditTrail,
  loadSigningKey,
  MIN_LATE_HORIZON_MS,
  type ExportAuditResult,
  type SigningKey,
} from '../../data/audit/index.js';
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
  /** --late-horizon: with --checkpoint only, at least an hour */
  lateHorizonMs?: number;
  /** --sign-key: the Ed25519 private key file (else WFCTL_EXPORT_SIGNING_KEY_FILE) */
  signKey?: string;
}

/** The signing key of --sign-key or WFCTL_EXPORT_SIGNING_KEY_FILE (the flag wins); refused without --output. */
async function signingKeyOf(input: AuditExportInput, ctx: CommandContext): Promise<SigningKey | undefined> {
  const fromEnv = ctx.env.WFCTL_EXPORT_SIGNING_KEY_FILE;
  const path = input.signKey ?? (fromEnv ? fromEnv : undefined);
  if (path === undefined) return undefined;
  const label = input.signKey !== undefined ? '--sign-key' : 'WFCTL_EXPORT_SIGNING_KEY_FILE';
  if (!input.output)
    throw new UsageError(`${label} signs the manifest, which is written with --output only`, {
      hint: 'add --output FILE',
    });
  return loadSigningKey(path, label);
}

export async function runAuditExport(input: AuditExportInput, ctx: CommandContext): Promise<ExportAuditResult> {
  if (input.json && !input.output) {
    throw new UsageError(
      '--json prints the export result, which needs --output (without it the records themselves go to stdout)',
    );
  }
  if (input.bom && input.format !== 'csv')
    throw new UsageError('--bom applies to --format csv only', { hint: 'add --format csv, or leave out --bom' });
  if (input.acceptLate && !input.checkpoint)
    throw new UsageError('--accept-late applies to a series (--checkpoint) only');
  if (input.mode !== undefined && !input.output)
    throw new UsageError('--mode applies to files written with --output; the records go to stdout', {
      hint: 'add --output FILE, or leave out --mode',
    });
  if (input.lateHorizonMs !== undefined && !input.checkpoint)
    throw new UsageError('--late-horizon applies to a series (--checkpoint) only');
  if (input.lateHorizonMs !== undefined && input.lateHorizonMs < MIN_LATE_HORIZON_MS) {
    throw new UsageError('--late-horizon must be at least 1h: the series keeps identities by the hour', {
      hint: 'use 24h (the default) or more; late records older than the horizon fail the run instead of being exported',
    });
  }
  const signKey = await signingKeyOf(input, ctx);
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
      ...(input.lateHorizonMs !== undefined ? { lateHorizonMs: input.lateHorizonMs } : {}),
      actor: ctx.actor(),
      ...(hmacKey ? { hmacKey } : {}),
      ...(signKey ? { signKey } : {}),
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
  const n = (count: number) => count.toLocaleString('en-US');
  if (r.records === 0) io.note(`No records matched${r.file ? `; wrote an empty ${r.format} file ${r.file}` : ''}.\n`);
  else if (r.file)
    io.note(
      `Exported ${n(r.records)} record${r.records === 1 ? '' : 's'} to ${r.file} (sha256 ${r.sha256.slice(0, 16)}…, manifest ${r.manifest}${r.signedBy ? `, signed by key ${r.signedBy.keyId}` : ''}).\n`,
    );
  if (r.late.exported > 0)
    io.note(
      `${n(r.late.exported)} of them had appeared behind the series' position since the last run (late records); they come first in the file and the manifest names them.\n`,
    );
  if (r.late.deferred > 0)
    io.note(
      `${n(r.late.deferred)} more late record${r.late.deferred === 1 ? ' is' : 's are'} left for the next run.\n`,
    );
  if (r.late.accepted > 0)
    io.note(
      `${n(r.late.accepted)} record${r.late.accepted === 1 ? '' : 's'} that appeared beyond the late horizon accepted without a file (--accept-late); the manifest says so.\n`,
    );
}
