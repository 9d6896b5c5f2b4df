import type { CommandContext } from '../../context.js';
import { basename } from 'node:path';
import {
  loadTrustedKeys,
  readTrustedHead,
  verifyExports,
  writeTrustedHead,
  type VerifyOptions,
  type VerifyResult,
} from '../../data/audit/index.js';
import type { DatabaseReconciliation } from '../../data/audit/index.js';
import { ExitCode, ExitError, UsageError } from '../../errors.js';
import type { IOStreams } from '../../io.js';
import { printJson } from '../../render/json.js';
import { createTheme } from '../../render/theme.js';

export interface AuditVerifyResult extends VerifyResult {
  /** --reconcile: the files against the live database */
  database?: DatabaseReconciliation;
  /** --trusted-head: the STATE file, and whether it was moved to the new head */
  trustedHeadFile?: { path: string; written: boolean };
}

export interface AuditVerifyInput {
  files: string[];
  reconcile?: boolean;
  /** --trusted-key: PEM files or folders of them */
  trustedKeys?: string[];
  requireSignature?: boolean;
  /** --trusted-head STATE */
  trustedHead?: string;
  /** --from-start: each series from its first export */
  fromStart?: boolean;
}

export async function runAuditVerify(input: AuditVerifyInput, ctx: CommandContext): Promise<AuditVerifyResult> {
  const key = ctx.env.WFCTL_EXPORT_HMAC_KEY;
  if (key) ctx.keychain.register(key);
  if (input.requireSignature && !input.trustedKeys?.length)
    throw new UsageError('--require-signature needs --trusted-key: a signature is checked against the keys you trust', {
      hint: 'add --trusted-key KEY.pub.pem (the public key of whoever exports; a folder of keys for rotation)',
    });
  const options: VerifyOptions = {
    ...(key ? { hmacKey: key } : {}),
    ...(input.trustedKeys?.length ? { trustedKeys: await loadTrustedKeys(input.trustedKeys) } : {}),
    ...(input.requireSignature ? { requireSignature: true } : {}),
    ...(input.trustedHead !== undefined ? { trustedHead: await readTrustedHead(input.trustedHead) } : {}),
    ...(input.fromStart ? { fromStart: true } : {}),
  };
  const result = await verifyAll(input, options, ctx);
  const next = result.trustedHead?.next;
  if (input.trustedHead !== undefined) {
    const written = result.ok && next !== null && next !== undefined;
    if (written) await writeTrustedHead(input.trustedHead, next);
    result.trustedHeadFile = { path: input.trustedHead, written };
  }
  return result;
}

async function verifyAll(
  input: AuditVerifyInput,
  options: VerifyOptions,
  ctx: CommandContext,
): Promise<AuditVerifyResult> {
  if (!input.reconcile) return verifyExports(input.files, options);
  const ids = new Set<string>();
  const twice: string[] = [];
  const offline = await verifyExports(input.files, {
    ...options,
    onRecord: (id) => {
      if (id === null) return;
      if (ids.has(id)) twice.push(id);
      else ids.add(id);
    },
  });
  if (twice.length > 0) {
    offline.ok = false;
    offline.problems.push({
      kind: 'series',
      message: `${twice.length} record${twice.length === 1 ? ' is' : 's are'} in more than one file: ${twice.slice(0, 20).join(', ')}${twice.length > 20 ? ', ...' : ''}`,
    });
  }
  const { reconcileWithDatabase } = await import('../../data/audit/index.js');
  const { EXPORT_MAX_TIME_MS } = await import('../../data/audit/index.js');
  const { pseudonymKeyFor } = await import('./pseudonym-key.js');
  const pseudonymKey = await pseudonymKeyFor(undefined, ctx, true);
  const database = await reconcileWithDatabase(
    await ctx.dataSource(),
    input.files,
    ids,
    EXPORT_MAX_TIME_MS,
    pseudonymKey,
  );
  return {
    ...offline,
    ok: offline.ok && database.problems.length === 0,
    problems: [...offline.problems, ...database.problems],
    database,
  };
}

/** Prints the findings; exits 1 (after printing) when anything does not check out. */
export function printAuditVerify(r: AuditVerifyResult, io: IOStreams, json: boolean): void {
  if (json) printJson(io, r);
  else {
    const t = createTheme(io.colorStdout);
    for (const f of r.files) {
      const sig = f.signing === 'none' ? '' : `, ${f.level}`;
      const series = f.series ? `, series ${f.series.id.slice(0, 8)} #${f.series.index}` : '';
      if (f.ok)
        io.out(
          `${t.success('✓')} ${f.file}: ${f.records.toLocaleString('en-US')} record${f.records === 1 ? '' : 's'}, sha256 ${f.sha256.slice(0, 16)}…${series}${sig}\n`,
        );
      else {
        io.out(`${t.failure('✗')} ${f.file}\n`);
        for (const p of f.problems) io.out(`    ${p.message}\n`);
      }
    }
    if (r.database && r.database.problems.length === 0) {
      io.out(
        `${t.success('✓')} database ${r.database.database}: the ${r.database.inDatabase} records of the files' range are in the files, each once\n`,
      );
    }
    const erased = r.database?.erased.summary();
    if (erased) io.out(`  ${erased}\n`);
    for (const p of r.problems) io.out(`${t.failure('✗')} ${p.message}\n`);
    if (r.ok) for (const line of whatWasProved(r)) io.out(`${line}\n`);
    else io.out(`${t.failure('Verification failed.')}\n`);
  }
  if (!r.ok) {
    // the report is the result (stdout, often a log); a failure also says so where cron and CI look
    const bad1 = r.files.find((f) => !f.ok);
    const p1 = bad1?.problems[0]?.message;
    // the one line names the file
    const which = bad1?.series
      ? `export ${bad1.series.index} of series ${bad1.series.id.slice(0, 8)} (${basename(bad1.file)})`
      : bad1 && basename(bad1.file);
    const first = bad1 && p1 ? (p1.includes(basename(bad1.file)) ? p1 : `${which}: ${p1}`) : r.problems[0]?.message;
    const bad = r.files.filter((f) => !f.ok).length;
    io.err(
      `wfctl: verification failed${bad > 0 ? ` (${bad} of ${r.files.length} file${r.files.length === 1 ? '' : 's'})` : ''}${first ? `: ${first}` : ''}\n`,
    );
    throw new ExitError(ExitCode.failure);
  }
}

/** The integrity level of the files, in words, one line per level (unsigned over two, to fit 80 columns). */
function levelLines(r: AuditVerifyResult): string[] {
  const lines: string[] = [];
  const of = (n: number) => (n === r.files.length ? '' : `${n} of the files: `);
  const unsigned = r.files.filter((f) => f.signing === 'none').length;
  if (unsigned > 0)
    lines.push(
      `  ${unsigned === r.files.length ? 'unsigned' : `${unsigned} of the files unsigned`}: integrity only`,
      '    (anyone who can write the files can recompute the chain)',
    );
  const levels = new Map<string, number>();
  for (const f of r.files) if (f.signing === 'ed25519') levels.set(f.level, (levels.get(f.level) ?? 0) + 1);
  for (const [level, n] of levels) lines.push(`  ${of(n)}${level}`);
  const hmac = r.files.filter((f) => f.signing === 'hmac-sha256' && f.signature === 'valid').length;
  if (hmac > 0)
    lines.push(
      `  ${of(hmac)}HMAC with the shared key (WFCTL_EXPORT_HMAC_KEY)`,
      '    (whoever holds the key could also have signed them)',
    );
  const hmacUnchecked = r.files.filter((f) => f.signing === 'hmac-sha256' && f.signature === 'unchecked').length;
  if (hmacUnchecked > 0) lines.push(`  ${of(hmacUnchecked)}HMAC, not checked (set WFCTL_EXPORT_HMAC_KEY to check it)`);
  return lines;
}

/**
 * What a passing verification proved, in words: the files and records, which
 * exports of a series they are (never a bare "Verified." that implies the
 * whole series), the integrity level, and the database when reconciled.
 */
export function whatWasProved(r: AuditVerifyResult): string[] {
  const records = r.files.reduce((n, f) => n + f.records, 0);
  const lines = [
    `Verified: ${r.files.length} file${r.files.length === 1 ? '' : 's'}, ${records.toLocaleString('en-US')} record${records === 1 ? '' : 's'}, each intact and in order.`,
  ];
  for (const s of r.series) {
    const which = s.first === s.last ? `export ${s.first}` : `exports ${s.first}-${s.last}`;
    const start = s.startsEarlier
      ? `it starts earlier (export${s.first === 2 ? ' 1 was' : `s 1-${s.first - 1} were`} not given)`
      : 'from its first export';
    lines.push(
      `  series ${s.id.slice(0, 8)}: ${which}, ${start}`,
      `    exports after ${s.last}, if the series continues, were not given`,
    );
  }
  const oneOff = r.files.filter((f) => !f.series).length;
  if (oneOff > 0 && r.series.length > 0) lines.push(`  ${oneOff} one-off export${oneOff === 1 ? '' : 's'} (no series)`);
  lines.push(...levelLines(r));
  if (r.trustedHead && r.trustedHeadFile) {
    const { before, next } = r.trustedHead;
    const path = r.trustedHeadFile.path;
    if (next && before)
      lines.push(
        next.index === before.index
          ? `  trusted head: the series is still at export ${next.index}, unchanged (${path})`
          : `  trusted head: the series grew from export ${before.index} to export ${next.index}; ${path} moved`,
      );
    else if (next)
      lines.push(`  trusted head: ${path} started at export ${next.index} of series ${next.series.slice(0, 8)}`);
  }
  if (!r.database) lines.push('  not compared with the database (--reconcile does)');
  return lines;
}
