/** `wfctl analytics report`: its flags and help; the run and print are in report.ts, loaded when it runs. */
import { Command, Option } from 'commander';
import type { CommandContext } from '../../context.js';
import { choiceArg, daysArg, pathArg, positiveIntArg } from '../../options.js';

export const REPORT_FORMATS = ['markdown', 'html'] as const;

export function reportCommand(ctx: CommandContext): Command {
  return new Command('report')
    .description(
      'the weekly performance report: overview, per-workflow performance, errors, rollbacks, as Markdown or self-contained HTML',
    )
    .addOption(
      new Option('--days <n>', 'how many days back the report covers (1 to 3650)').argParser(daysArg).default(7),
    )
    .addOption(
      new Option('--format <format>', 'markdown or html')
        .argParser(choiceArg(REPORT_FORMATS, 'report format'))
        .default('markdown'),
    )
    .option(
      '--output <file>',
      'write the report to this file (atomically) instead of stdout (- is stdout); an existing path that is not a regular file is refused',
      pathArg,
    )
    .addOption(
      new Option('--top <n>', 'how many workflows, errors and users to list in each ranking')
        .argParser(positiveIntArg)
        .default(10),
    )
    .addHelpText(
      'after',
      `
The HTML report is one file with inline SVG charts and styles: no scripts, no network.

Examples:
  wfctl analytics report --format html --output /srv/reports/wfctl-$(date +%F).html
  0 7 * * 1  wfctl analytics report --days 7 --format html --output /tmp/weekly.html && mail -a /tmp/weekly.html ...
`,
    )
    .action(async (opts: { days: number; format: (typeof REPORT_FORMATS)[number]; output?: string; top: number }) => {
      const { runReport, printReport } = await import('./report.js');
      const { outputTarget } = await import('../output-file.js');
      const output = await outputTarget(opts.output);
      await printReport(await runReport({ days: opts.days, top: opts.top }, ctx), ctx.io, {
        format: opts.format,
        output,
      });
    });
}
