/** `wfctl versions archive`: its flags and help; the run and print are in archive.ts, loaded when it runs. */
import { Command, Option } from 'commander';
import type { CommandContext } from '../../context.js';
import { fileModeArg, pathArg, positiveIntArg } from '../../options.js';
import { WORKFLOW_ARG } from '../output-options.js';
import { PROTECTED_YES } from '../output-options.js';

const HELP = `
Keeps the --keep newest versions of each workflow, the current version, and
every version a kept rollback restored (and the versions those restored in
turn); archives the others to FILE, one version document a line as Extended
JSON (mongoimport restores them), with FILE.manifest.json (count, SHA-256,
the version numbers per workflow). The file is read back and verified, and
its _ids reconciled with the database; only with --delete are exactly those
versions deleted, in batches, each batch decided again against the database
(a version that became current or that a new rollback restored is kept), and
the deletion recorded as a versions_archived audit event. A journal beside
the file (FILE.archive.json) lets the same command finish a killed run; run
again after it finished, it deletes nothing more. One run per FILE at a time:
a second is refused (exit 1, naming the holder), and the claim of a run
that was killed is taken over. The file, its manifest and the journal are
readable by their owner only (0600; --mode 640).

Exit status: 0 archived (and deleted); 1 failed (nothing deleted), or another
run holds FILE; 2 bad input
(no workflow or --all, nothing to archive, an existing FILE that is not this
archive); 4 no such workflow.

Examples:
  wfctl versions archive wf-invoices --keep 20 --dry-run
  wfctl versions archive wf-invoices --keep 20 -o invoices-versions.ndjson --delete
  wfctl versions archive --all --keep 50 -o /srv/archive/versions-$(date +%F).ndjson --delete
`;

export function archiveCommand(ctx: CommandContext): Command {
  return new Command('archive')
    .description(
      'archive the versions beyond the newest N of a workflow (or --all) to a verified file, then (--delete) delete them',
    )
    .argument('[workflow]', `${WORKFLOW_ARG} (or --all)`)
    .option('--all', 'every workflow with versions')
    .addOption(
      new Option('--keep <n>', 'versions to keep per workflow, newest first (the current one is always kept)')
        .argParser(positiveIntArg)
        .makeOptionMandatory(),
    )
    .option(
      '-o, --output <file>',
      'the archive file (with FILE.manifest.json and FILE.archive.json beside it)',
      pathArg,
    )
    .option('--delete', 'delete the archived versions once the file is verified and reconciled')
    .option('--dry-run', 'print what would be archived, per workflow; write nothing')
    .addOption(
      new Option(
        '--mode <octal>',
        'permission bits of the file, its manifest and the journal (default: 600)',
      ).argParser(fileModeArg),
    )
    .option(...PROTECTED_YES)
    .option('--json', 'print the result as JSON on stdout')
    .addHelpText('after', HELP)
    .action(
      async (
        workflow: string | undefined,
        opts: {
          all?: boolean;
          keep: number;
          output?: string;
          delete?: boolean;
          dryRun?: boolean;
          mode?: number;
          json?: boolean;
        },
      ) => {
        const { runVersionsArchive, printVersionsArchive } = await import('./archive.js');
        printVersionsArchive(await runVersionsArchive({ workflow, ...opts }, ctx), ctx.io, opts.json === true);
      },
    );
}
