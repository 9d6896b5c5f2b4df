/** `wfctl audit export`: its flags and help; the run and print are in export.ts, loaded when it runs. */
import { Command, Option } from 'commander';
import type { CommandContext } from '../../context.js';
import { pathArg, choiceArg, fileModeArg, spanArg } from '../../options.js';
import { addFilterOptions, EXPORT_FORMATS, filterInput, settleArg, type AuditFilterFlags } from './options.js';

const EXPORT_HELP = `
ndjson and json write each stored record as MongoDB Extended JSON (relaxed by
default; --json-format canonical spells out every BSON type, as mongoexport
does), followed by wfctl's _seq and _chain; CSV has fixed columns with details,
metadata and other fields as Extended JSON text. Records are ordered by
(timestamp, _id); legacy records with ISO-string timestamps (parsed, decided by
their time) come first (BSON order). The number written is checked against a
count of the same filter. With --output the file appears
only when complete, with FILE.manifest.json (count, range, filter, SHA-256,
hash-chain head). --sign-key signs each manifest with an Ed25519 key (make one
with wfctl audit keygen): the manifest names the key id, and MANIFEST.sig
beside it holds the signature over the manifest file's exact bytes, which
anyone with the public key checks with wfctl audit verify --trusted-key, or
openssl alone (docs/audit.md). The private key file must be readable by its
owner only (chmod 600), as ssh requires. A series is signed one way: an HMAC
series (WFCTL_EXPORT_HMAC_KEY) stays HMAC, a signed one stays signed (exit 2
otherwise; a new key is fine, for rotation). The file, its
manifest and the checkpoint hold user ids, IP addresses and user agents: they
are created readable by their owner only (0600, whatever the umask; --mode
640 lets a group read them). An existing --output, manifest or --checkpoint
path that is not a regular file (a device, FIFO, socket, folder or symbolic
link) is refused (exit 2) and left as it is.

With --checkpoint, one run at a time per checkpoint (a lock claim beside
it: CKPT.lock.<token>), and an
existing --output file is never replaced (exit 2; --force replaces it): its
records are behind the checkpoint and in no other file. Without --checkpoint
an existing file is replaced. The settle window is measured on the server's
clock; a local clock off by more than half of it gets a warning.

A series holds every record exactly once, decided by _id: the checkpoint keeps
the ids of what the series exported within --late-horizon (default 24h) behind
its position, and each run exports first the records that appeared there since
(late: back-dated stamps, ids made early) and reports deleted ones. A record
that appears further back fails the run (exit 1, naming the day);
--accept-late goes on once you have exported it another way. A copy of a
series' checkpoint at another path is refused (exit 2); a moved one goes on.
Check the whole series nightly with: wfctl audit verify --reconcile FILES...

Exit status: 0 exported; 1 failed (no file left, checkpoint unchanged; also a
full disk, or a record beyond the late horizon); 2 bad input (dates, format,
--mode, output folder, checkpoint, a copied checkpoint, an existing --output
with --checkpoint, a path that is not a regular file); 130 interrupted by
Ctrl-C (the same: no file, lock released, checkpoint unchanged).

Environment:
  WFCTL_EXPORT_SIGNING_KEY_FILE   the private key file, as --sign-key
  WFCTL_EXPORT_HMAC_KEY           HMAC-sign the manifest with a shared key
                                  (existing series; --sign-key is better)

Examples:
  wfctl audit export --since 2025-01-01 --until 2025-02-01 --format csv -o jan.csv
  wfctl audit export --checkpoint /var/lib/wfctl/audit.ckpt -o /srv/audit/$(date +%F-%H%M).ndjson
  wfctl audit export --workflow wf-invoices --format json > invoices-audit.json
  wfctl audit export --checkpoint audit.ckpt --sign-key /etc/wfctl/audit-signing-key.pem -o /srv/audit/$(date +%F).ndjson
`;

export function exportCommand(ctx: CommandContext): Command {
  return addFilterOptions(
    new Command('export').description(
      'export the audit trail exactly: streamed, atomic, checkpointed, with a manifest',
    ),
    'records',
    () => ctx.now(),
  )
    .addOption(
      new Option('--format <format>', 'csv, json (one array) or ndjson (one record per line)')
        .argParser(choiceArg(EXPORT_FORMATS, 'format'))
        .default('ndjson'),
    )
    .addOption(
      new Option(
        '--json-format <mode>',
        'Extended JSON of the ndjson and json formats: relaxed, or canonical (every BSON type spelled out; mongoimport restores it exactly)',
      )
        .choices(['relaxed', 'canonical'])
        .default('relaxed'),
    )
    .option(
      '-o, --output <file>',
      'write to this file (atomically, with FILE.manifest.json beside it); default (or -): stdout',
      pathArg,
    )
    .addOption(
      new Option(
        '--mode <octal>',
        'with --output: permission bits of the file, its manifest and the checkpoint, whatever the umask (default: 600, the owner only)',
      ).argParser(fileModeArg),
    )
    .option(
      '--checkpoint <file>',
      'continue a series: export only records after the last one this checkpoint saw, then move it',
      pathArg,
    )
    .addOption(
      new Option('--settle <window>', 'leave records younger than this for the next run (seconds, or 30s, 5m)')
        .argParser(settleArg)
        .default(60_000, '60s'),
    )
    .option('--force', 'with --checkpoint: replace an existing --output file (by default the run refuses, exit 2)')
    .option('--json', 'print the result (file, count, hashes) as JSON on stdout; needs --output')
    .option('--bom', 'with --format csv: start the file with a UTF-8 byte order mark (for Excel)')
    .addOption(
      new Option(
        '--late-horizon <span>',
        "with --checkpoint: how far behind its position the series decides late records by _id (at least 1h; default: the checkpoint's, else 24h)",
      ).argParser(spanArg),
    )
    .option(
      '--accept-late',
      'with --checkpoint: go on past records that appeared beyond the late horizon, after you have exported them another way',
    )
    .option(
      '--sign-key <file>',
      'with --output: sign each manifest with this Ed25519 private key (PEM, mode 600; from wfctl audit keygen)',
      pathArg,
    )
    .addHelpText('after', EXPORT_HELP)
    .action(
      async (
        opts: AuditFilterFlags & {
          format: (typeof EXPORT_FORMATS)[number];
          jsonFormat: 'relaxed' | 'canonical';
          output?: string;
          mode?: number;
          checkpoint?: string;
          settle: number;
          force?: boolean;
          json?: boolean;
          bom?: boolean;
          acceptLate?: boolean;
          lateHorizon?: number;
          signKey?: string;
        },
      ) => {
        const { runAuditExport, printAuditExport } = await import('./export.js');
        const result = await runAuditExport(
          {
            ...filterInput(opts),
            format: opts.format,
            jsonFormat: opts.jsonFormat,
            // `-o -` is stdout, as no --output is
            ...(opts.output !== undefined && opts.output !== '-' ? { output: opts.output } : {}),
            ...(opts.mode !== undefined ? { mode: opts.mode } : {}),
            ...(opts.checkpoint !== undefined ? { checkpoint: opts.checkpoint } : {}),
            settleMs: opts.settle,
            ...(opts.force ? { force: true } : {}),
            json: opts.json === true,
            ...(opts.bom ? { bom: true } : {}),
            ...(opts.acceptLate ? { acceptLate: true } : {}),
            ...(opts.lateHorizon !== undefined ? { lateHorizonMs: opts.lateHorizon } : {}),
            ...(opts.signKey !== undefined ? { signKey: opts.signKey } : {}),
          },
          ctx,
        );
        printAuditExport(result, ctx.io, opts.json === true);
      },
    );
}
