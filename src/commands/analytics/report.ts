import type { CommandContext } from '../../context.js';
import { analyticsReport, type ReportData } from '../../data/metrics/index.js';
import { windowOfDays } from '../../data/core/index.js';
import type { IOStreams } from '../../io.js';
import { renderHtmlReport, renderMarkdownReport } from '../../render/report.js';
import { withSpinner } from '../../render/spinner.js';
import { USER_AGENT } from '../../version.js';
import { writeOutputFile } from '../output-file.js';

export async function runReport(input: { days: number; top: number }, ctx: CommandContext): Promise<ReportData> {
  const ds = await ctx.dataSource();
  const window = windowOfDays(input.days, ctx.now());
  return withSpinner(ctx.io, 'Reading workflows, executions, versions and attempts', () =>
    analyticsReport(ds, { days: input.days, top: input.top, window }),
  );
}

export async function printReport(
  r: ReportData,
  io: IOStreams,
  options: { format: 'markdown' | 'html'; output?: string | undefined },
): Promise<void> {
  const text =
    options.format === 'html'
      ? renderHtmlReport(r, { generator: USER_AGENT })
      : renderMarkdownReport(r, { generator: USER_AGENT });
  if (options.output === undefined) {
    io.out(text);
    return;
  }
  await writeOutputFile(options.output, text);
  if (io.stderrIsTTY) io.note(`wrote ${options.output}\n`);
}
