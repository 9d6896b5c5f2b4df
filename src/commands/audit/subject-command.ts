/** `wfctl audit subject USER --output FILE`: every record that names a user, as an export with its manifest. */
import { Command, Option } from 'commander';
import type { CommandContext } from '../../context.js';
import { choiceArg, fileModeArg, pathArg, textArg } from '../../options.js';
import { PROTECTED_YES } from '../output-options.js';

export function subjectCommand(ctx: CommandContext): Command {
  return new Command('subject')
    .description("a person's records (data subject access request): every record that names the user, as an export")
    .argument('<user-id>', 'the user id, compared exactly (plain text)', textArg)
    .option('-o, --output <file>', 'write here (atomically, with FILE.manifest.json beside it); required', pathArg)
    .addOption(
      new Option('--format <format>', 'ndjson (one record per line) or json (one array)')
        .argParser(choiceArg(['ndjson', 'json'] as const, 'format'))
        .default('ndjson'),
    )
    .addOption(
      new Option(
        '--mode <octal>',
        'permission bits of the file and its manifest, whatever the umask (default: 600, the owner only)',
      ).argParser(fileModeArg),
    )
    .option(...PROTECTED_YES)
    .option('--json', 'print the result (file, counts per collection, hashes) as JSON')
    .addHelpText(
      'after',
      `
What an organisation hands to a person who asks for their data: every record
that names the user, across the collections:
  workflow_audit_logs      the user's events (user_id), and wfctl's own events
                           that name the user (an export filtered on them, a hold)
  workflow_versions        versions the user saved (changed_by), and versions of
                           workflows the user created or rolled back
  custom_workflows         workflows the user created or rolled back
  workflow_execution_logs  runs the user triggered (triggered_by, execution.context)
Each record is the stored document as Extended JSON (relaxed), then
"_collection" (where it came from), "_seq" and "_chain", as in audit export;
FILE.manifest.json says how many records came from each collection ("subject")
and is HMAC-signed when WFCTL_EXPORT_HMAC_KEY is set. audit verify checks the
file. The export is recorded as an audit_exported event. Both files are created
readable by their owner only: they hold the person's data.

Exit status: 0 written (also with no records: an empty export); 1 failed (no
file left); 2 bad input (an empty user id, no --output, a path that is not a
regular file).

Examples:
  wfctl audit subject alice -o /secure/dsar/alice.ndjson
  wfctl audit subject 65f1c0ffee0000000000beef --format json -o dsar.json --json
`,
    )
    .action(
      async (user: string, opts: { output?: string; format: 'ndjson' | 'json'; mode?: number; json?: boolean }) => {
        const { runAuditSubject, printAuditSubject } = await import('./subject.js');
        printAuditSubject(
          await runAuditSubject(
            {
              user,
              output: opts.output,
              format: opts.format,
              ...(opts.mode !== undefined ? { mode: opts.mode } : {}),
            },
            ctx,
          ),
          ctx.io,
          opts.json === true,
        );
      },
    );
}
