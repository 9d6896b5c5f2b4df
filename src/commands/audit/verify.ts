import type { CommandContext } from '../../context.js';
import { verifyExports, type VerifyResult } from '../../data/audit/index.js';
import type { DatabaseReconciliation } from '../../data/audit/index.js';
import { ExitCode, ExitError } from '../../errors.js';
import type { IOStreams } from '../../io.js';
import { printJson } from '../../render/json.js';
import { createTheme } from '../../render/theme.js';

export interface AuditVerifyResult extends VerifyResult {
  /** --reconcile: the files against the live database */
  database?: DatabaseReconciliation;
}

export async function runAuditVerify(input: { files: string[]; reconcile?: boolean }, ctx: CommandContext): Promise<AuditVerifyResult> {
  const key = ctx.env.WFCTL_EXPORT_HMAC_KEY;
  if (key) ctx.keychain.register(key);
  if (!input.reconcile) return verifyExports(input.files, key || undefined);
  const ids = new Set<string>();
  const twice: string[] = [];
  const offline = await verifyExports(input.files, key || undefined, (id) => {
    if (id === null) return;
    if (ids.has(id)) twice.push(id);
    else ids.add(id);
  });
  if (twice.length > 0) {
    offline.ok = false;
    offline.problems.push({ kind: 'series', message: `${twice.length} record${twice.length === 1 ? ' is' : 's are'} in more than one file: ${twice.slice(0, 20).join(', ')}${twice.length > 20 ? ', ...' : ''}` });
  }
  const { reconcileWithDatabase } = await import('../../data/audit/index.js');
  const { EXPORT_MAX_TIME_MS } = await import('../../data/audit/index.js');
  const database = await reconcileWithDatabase(await ctx.dataSource(), input.files, ids, EXPORT_MAX_TIME_MS);
  return { ...offline, ok: offline.ok && database.problems.length === 0, problems: [...offline.problems, ...database.problems], database };
}

/** Prints the findings; exits 1 (after printing) when anything does not check out. */
export function printAuditVerify(r: AuditVerifyResult, io: IOStreams, json: boolean): void {
  if (json) printJson(io, r);
  else {
    const t = createTheme(io.colorStdout);
    for (const f of r.files) {
      const sig = f.signature === 'valid' ? ', signature valid' : f.signature === 'unchecked' ? ', signed (set WFCTL_EXPORT_HMAC_KEY to check)' : '';
      const series = f.series ? `, series ${f.series.id.slice(0, 8)} #${f.series.index}` : '';
      if (f.ok) io.out(`${t.success('✓')} ${f.file}: ${f.records} records, sha256 ${f.sha256.slice(0, 16)}…${series}${sig}\n`);
      else {
        io.out(`${t.failure('✗')} ${f.file}\n`);
        for (const p of f.problems) io.out(`    ${p.message}\n`);
      }
    }
    if (r.database && r.database.problems.length === 0) {
      io.out(`${t.success('✓')} database ${r.database.database}: the ${r.database.inDatabase} records of the files' range are in the files, each once\n`);
    }
    for (const p of r.problems) io.out(`${t.failure('✗')} ${p.message}\n`);
    io.out(r.ok ? `${t.success('Verified.')}\n` : `${t.failure('Verification failed.')}\n`);
  }
  if (!r.ok) {
    // the report is the result (stdout, often a log); a failure also says so where cron and CI look
    const first = r.files.find((f) => !f.ok)?.problems[0]?.message ?? r.problems[0]?.message;
    const bad = r.files.filter((f) => !f.ok).length;
    io.err(`wfctl: verification failed${bad > 0 ? ` (${bad} of ${r.files.length} file${r.files.length === 1 ? '' : 's'})` : ''}${first ? `: ${first}` : ''}\n`);
    throw new ExitError(ExitCode.failure);
  }
}
