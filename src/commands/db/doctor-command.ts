/** `wfctl db doctor`: its flags and help; the run and print are in doctor.ts, loaded when it runs. */
import { Command, Option } from 'commander';
import type { CommandContext } from '../../context.js';
import { listArg } from '../../options.js';
import { addOutputOptions, outputFormat, type OutputFlags } from '../output-options.js';

export function doctorCommand(ctx: CommandContext): Command {
  return addOutputOptions(
    new Command('doctor')
      .description('check the server, collections, indexes and data consistency; exit 1 when something needs attention')
      .option('--repair', 'complete what interrupted writes left unfinished (safe to run again)')
      .option('-y, --yes', 'on a protected context: do not ask for its name (needs --context NAME or WFCTL_CONTEXT)')
      .addOption(
        new Option('--check <names>', 'run only these consistency checks (comma-separated)').argParser(listArg),
      ),
  )
    .addHelpText(
      'after',
      '\nChecks (--check): workflow-ids, versions, change-requests (a request still "applying" 15 minutes after\nits apply claimed it: that apply stopped part-way). Collections: the backend\'s, and wfctl\'s own\n(wfctl_*: change requests, their marks, legal holds).\n\nExamples:\n  wfctl db doctor\n  wfctl db doctor --repair\n  wfctl db doctor --json | jq .findings\n',
    )
    .action(async (opts: OutputFlags & { repair?: boolean; check?: string[] }) => {
      const { runDoctorCommand, printDoctor } = await import('./doctor.js');
      const report = await runDoctorCommand(
        { repair: opts.repair === true, ...(opts.check ? { only: opts.check } : {}) },
        ctx,
      );
      printDoctor(report, ctx.io, outputFormat(opts));
    });
}
