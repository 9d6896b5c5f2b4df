/** `wfctl audit archive`: its flags and help; the run and print are in archive.ts, loaded when it runs. */
import { Command, Option } from 'commander';
import type { CommandContext } from '../../context.js';
import { choiceArg, fileModeArg, parseSpanMs, pathArg, timeArgAt, TIME_FORMS_HINT } from '../../options.js';
import { EXPORT_FORMATS } from './options.js';
import { PROTECTED_YES } from '../output-options.js';

const ARCHIVE_HELP = `
Archive, then delete exactly what was archived. The records older than
--before are exported as audit export writes them (FILE and
FILE.manifest.json, signed with --sign-key (Ed25519; the signature must
check out before anything is deleted) or WFCTL_EXPORT_HMAC_KEY; an
audit_exported event), the file is read back and verified against its
manifest, and its _ids are reconciled with the database (every one is there,
in the range). Only with --delete are exactly those _ids then deleted, in
batches of 5,000 (never one request per record), and the deletion recorded as
an audit_archived event (range, count, file, manifest hash). A record that
arrived inside the range after the file was written is not in it and is not
deleted: the run says how many remain for the next archive. A record under a
legal hold (wfctl audit hold) is archived but never deleted: the run says how
many it kept.

A journal beside the file (FILE.archive.json) records each step: a run killed
at any point (Ctrl-C, SIGKILL, a lost connection) is finished by running the
same command again, which never deletes a record that is not in the verified
file; run again after it finished, it deletes nothing more and says so. A span
(--before 365d) is fixed by the first run: the journal keeps it as given, and
the same command continues that archive with the time the first run fixed. The
file, its manifest and the journal are readable by their owner only (0600;
--mode 640 lets a group read them). An existing FILE that is not an archive
in progress is never replaced.

--dry-run prints what would be archived and deleted, per month and event
type, with the records holds would keep; nothing is written.

Exit status: 0 archived (and deleted); 1 failed (a file that does not verify
or reconcile: nothing deleted); 2 bad input (a --before in the future, no
records before it, an existing FILE, a journal of another archive, a missing or
unreadable --sign-key); nothing is
written or deleted. 130 interrupted (run again to finish).

Times: ${TIME_FORMS_HINT}.

Examples:
  wfctl audit archive --before 2025-01-01 --dry-run
  wfctl audit archive --before 2025-01-01 --output /srv/audit/before-2025.ndjson
  wfctl audit archive --before 2025-01-01 -o before-2025.ndjson --sign-key /etc/wfctl/audit-signing-key.pem --delete
  wfctl audit archive --before 365d --output /srv/audit/archive-$(date +%F).ndjson --delete
`;

interface ArchiveFlags {
  before: Date;
  output?: string;
  format: (typeof EXPORT_FORMATS)[number];
  jsonFormat: 'relaxed' | 'canonical';
  delete?: boolean;
  dryRun?: boolean;
  mode?: number;
  json?: boolean;
  signKey?: string;
}

export function archiveCommand(ctx: CommandContext): Command {
  // a span (365d) is resolved against now on every run: the journal keeps it as given, so that the
  // same command continues the archive it began (archive.ts)
  let beforeGiven: string | undefined;
  const beforeAt = timeArgAt(() => ctx.now());
  return new Command('archive')
    .description('archive the records older than a date to a verified file, then (--delete) delete exactly those')
    .addOption(
      new Option('--before <time>', 'archive the records older than this (exclusive)')
        .argParser((value) => {
          beforeGiven = value;
          return beforeAt(value);
        })
        .makeOptionMandatory(),
    )
    .option(
      '-o, --output <file>',
      'the archive file (with FILE.manifest.json and FILE.archive.json beside it)',
      pathArg,
    )
    .addOption(
      new Option('--format <format>', 'csv, json (one array) or ndjson (one record per line)')
        .argParser(choiceArg(EXPORT_FORMATS, 'format'))
        .default('ndjson'),
    )
    .addOption(
      new Option('--json-format <mode>', 'Extended JSON of the ndjson and json formats: relaxed or canonical')
        .choices(['relaxed', 'canonical'])
        .default('relaxed'),
    )
    .option(
      '--sign-key <file>',
      'sign the manifest with this Ed25519 private key (PEM, mode 600; from wfctl audit keygen); the signature is checked before anything is deleted',
      pathArg,
    )
    .option('--delete', 'delete the archived records once the file is verified and reconciled')
    .option('--dry-run', 'print what would be archived and deleted (per month and event type); write nothing')
    .addOption(
      new Option(
        '--mode <octal>',
        'permission bits of the file, its manifest and the journal (default: 600)',
      ).argParser(fileModeArg),
    )
    .option(...PROTECTED_YES)
    .option('--json', 'print the result as JSON on stdout')
    .addHelpText('after', ARCHIVE_HELP)
    .action(async (opts: ArchiveFlags) => {
      const { runAuditArchive, printAuditArchive } = await import('./archive.js');
      const span = beforeGiven !== undefined && parseSpanMs(beforeGiven) !== undefined ? beforeGiven : undefined;
      printAuditArchive(await runAuditArchive({ ...opts, beforeSpan: span }, ctx), ctx.io, opts.json === true);
    });
}
