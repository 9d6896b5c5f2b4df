/** `wfctl audit verify`: its flags and help; the run and print are in verify.ts, loaded when it runs. */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';

export function verifyCommand(ctx: CommandContext): Command {
  return new Command('verify')
    .description('check export files against their manifests offline: hash, count, hash chain, signature, series links')
    .argument('<files...>', 'export files (or their .manifest.json); several files of a series are checked for gaps')
    .option(
      '--reconcile',
      'also compare the files with the live database: every record of their filter and time range in exactly one file (connects with --uri/--db)',
    )
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nOffline, verify reads only the files. With --reconcile it also reads the database the files came from: a record of\ntheir range that is in no file (a late record no run exported, a file left out) or a record of the files that is gone\nfrom the database fails the check.\n\nExit status 0 when everything checks out, 1 naming the first altered, removed, inserted or reordered record or file, a gap in a series, a missing or malformed manifest, or (--reconcile) a record missing on either side, 2 when a file is not an export.\n\nExamples:\n  wfctl audit verify /srv/audit/2025-01-31.ndjson\n  wfctl audit verify /srv/audit/*.ndjson\n  wfctl audit verify --reconcile /srv/audit/audit-*.ndjson\n',
    )
    .action(async (files: string[], opts: { json?: boolean; reconcile?: boolean }) => {
      const { runAuditVerify, printAuditVerify } = await import('./verify.js');
      printAuditVerify(
        await runAuditVerify({ files, reconcile: opts.reconcile === true }, ctx),
        ctx.io,
        opts.json === true,
      );
    });
}
