import { basename } from 'node:path';
import type { CommandContext } from '../../context.js';
import {
  checkFailures,
  checkRegressions,
  checkRollbacks,
  checkSuccessRate,
  overallOutcome,
  type CheckOutcome,
  type CheckResult,
} from '../../data/metrics/index.js';
import { resolveWorkflow } from '../../data/core/index.js';
import { ExitCode, ExitError } from '../../errors.js';
import type { IOStreams } from '../../io.js';
import { toJson } from '../../render/json.js';
import { renderPrometheus } from '../../render/prometheus.js';
import { renderJunit } from '../../render/junit.js';
import { renderAnnotations } from '../../render/annotations.js';
import { idsOf, shortIds, workflowLabel, workflowsNamedInBreach } from '../../render/check-labels.js';
import { createTheme } from '../../render/theme.js';
import type { CheckFormat } from './formats.js';
import { writeOutputFile } from '../output-file.js';

export type CheckSpec =
  | { check: 'success-rate'; minPercent: number; windowMs: number; minExecutions: number; confidence?: number }
  | { check: 'regression'; confidence: number; minRuns: number; baselineMs: number }
  | { check: 'failures'; max: number; windowMs: number }
  | { check: 'rollbacks'; max: number; windowMs: number };

export interface CheckReport {
  outcome: CheckOutcome;
  checkedAt: Date;
  checks: CheckResult[];
}

export async function runChecks(
  input: { workflow?: string | undefined; checks: CheckSpec[] },
  ctx: CommandContext,
): Promise<CheckReport> {
  const ds = await ctx.dataSource();
  const now = ctx.now();
  const workflowId = input.workflow !== undefined ? (await resolveWorkflow(ds, input.workflow)).id : undefined;
  const wf = workflowId !== undefined ? { workflowId } : {};
  const checks: CheckResult[] = [];
  for (const c of input.checks) {
    if (c.check === 'success-rate') checks.push(await checkSuccessRate(ds, { ...c, ...wf }, now));
    else if (c.check === 'failures') checks.push(await checkFailures(ds, { ...c, ...wf }, now));
    else if (c.check === 'regression') checks.push(...(await checkRegressions(ds, { ...c, ...wf }, now)));
    else checks.push(await checkRollbacks(ds, { ...c, ...wf }, now));
  }
  return { outcome: overallOutcome(checks), checkedAt: now, checks };
}

export function exitStatusOf(outcome: CheckOutcome, insufficientData: 'unknown' | 'ok' | 'breach'): number {
  if (outcome === 'breached') return ExitCode.thresholdBreached;
  if (outcome === 'insufficient-data') {
    return insufficientData === 'ok'
      ? ExitCode.ok
      : insufficientData === 'breach'
        ? ExitCode.thresholdBreached
        : ExitCode.insufficientData;
  }
  return ExitCode.ok;
}

const MARKS: Record<CheckOutcome, string> = { ok: '✓', breached: '✗', 'insufficient-data': '?' };
const WORDS: Record<CheckOutcome, string> = {
  ok: 'ok',
  breached: 'BREACHED',
  'insufficient-data': 'insufficient data',
};

/**
 * One line per check, then, under a breached check of all workflows, one line
 * per workflow it names (workflowsNamedInBreach); with `perWorkflow`, one
 * line per workflow whatever the outcome.
 */
export function renderChecksText(report: CheckReport, color: boolean, perWorkflow = false): string {
  const t = createTheme(color);
  const paint = (o: CheckOutcome, s: string) =>
    o === 'ok' ? t.success(s) : o === 'breached' ? t.failure(s) : t.warning(s);
  const width = Math.max(...report.checks.map((c) => c.check.length));
  const short = shortIds(idsOf(report.checks));
  const lines = report.checks.flatMap((c) => {
    const scope = c.workflow ? ` [${workflowLabel(c.workflow, c.workflowName, short)}]` : '';
    const figures = perWorkflow ? (c.workflows ?? []) : workflowsNamedInBreach(c);
    return [
      `${paint(c.outcome, MARKS[c.outcome])} ${c.check.padEnd(width)}  ${paint(c.outcome, WORDS[c.outcome])}: ${c.message}${scope}`,
      ...figures.map(
        (f) =>
          `    ${paint(f.outcome, MARKS[f.outcome])} ${workflowLabel(f.workflow, f.workflowName, short)}: ${f.message}`,
      ),
    ];
  });
  return `${lines.join('\n')}\n`;
}

/** The `name` label of a check run: --name, else the --output file's name without its extension, else "wfctl". */
export function checkRunName(name: string | undefined, output: string | undefined): string {
  if (name !== undefined) return name;
  if (output !== undefined) return basename(output).replace(/\.[^.]*$/, '') || 'wfctl';
  return 'wfctl';
}

export interface PrintChecksOptions {
  format: CheckFormat;
  output?: string | undefined;
  insufficientData: 'unknown' | 'ok' | 'breach';
  name?: string | undefined;
  perWorkflow?: boolean | undefined;
  /** --format prometheus: the exit status of the outcome, not 0 once the metrics are written */
  failOnBreach?: boolean | undefined;
}

/**
 * Prints or writes the report, then ends with the exit status its outcome
 * calls for. Prometheus metrics are data for a collector, the breach is in
 * them: once written (file or stdout) the exit is 0 unless --fail-on-breach.
 */
export async function printChecks(report: CheckReport, io: IOStreams, options: PrintChecksOptions): Promise<void> {
  const outcomeStatus = exitStatusOf(report.outcome, options.insufficientData);
  const exitStatus = options.format === 'prometheus' && options.failOnBreach !== true ? ExitCode.ok : outcomeStatus;
  const perWorkflow = options.perWorkflow === true;
  const text =
    options.format === 'json'
      ? `${toJson({ ...report, exitStatus })}\n`
      : options.format === 'prometheus'
        ? renderPrometheus(report.checks, report.checkedAt, checkRunName(options.name, options.output))
        : options.format === 'junit'
          ? renderJunit(report.checks, report.checkedAt)
          : renderChecksText(report, options.output === undefined && io.colorStdout, perWorkflow);
  if (options.output !== undefined) {
    await writeOutputFile(options.output, text);
    // the summary beside a file: a failure's reasons, or a success's chatter (--quiet drops it)
    if (options.format !== 'text')
      (exitStatus === ExitCode.ok ? io.note : io.err)(renderChecksText(report, io.colorStderr, perWorkflow));
  } else io.out(text);
  if (io.env.GITHUB_ACTIONS === 'true') io.err(renderAnnotations(report.checks));
  if (exitStatus !== ExitCode.ok) throw new ExitError(exitStatus);
}
