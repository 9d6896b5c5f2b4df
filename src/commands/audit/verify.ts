import type { CommandContext } from '../../context.js';
import { verifyExports, type VerifyResult } from '../../data/audit-manifest.js';
import { ExitCode, ExitError } from '../../errors.js';
import type { IOStreams } from '../../io.js';
import { printJson } from '../../render/json.js';
import { createTheme } from '../../render/theme.js';

export async function runAuditVerify(input: { files: string[] }, ctx: CommandContext): Promise<VerifyResult> {
  const key = ctx.env.WFCTL_EXPORT_HMAC_KEY;
  if (key) ctx.keychain.register(key);
  return verifyExports(input.files, key || undefined);
}

/** Prints the findings; exits 1 (after printing) when anything does not check out. */
export function printAuditVerify(r: VerifyResult, io: IOStreams, json: boolean): void {
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
    for (const p of r.problems) io.out(`${t.failure('✗')} ${p.message}\n`);
    io.out(r.ok ? `${t.success('Verified.')}\n` : `${t.failure('Verification failed.')}\n`);
  }
  if (!r.ok) throw new ExitError(ExitCode.failure);
}
