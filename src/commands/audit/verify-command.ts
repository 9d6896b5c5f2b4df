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
    .option(
      '--trusted-key <pem>',
      'a public key (PEM) whose signatures you trust, or a folder of them; repeat for key rotation',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option(
      '--require-signature',
      'fail (exit 1) any file not signed by a --trusted-key: unsigned, HMAC only, an unknown key, a bad signature',
    )
    .option(
      '--trusted-head <state>',
      'your last verified head of the series (a small JSON file): prove the series only grew from it, then move it',
    )
    .option(
      '--from-start',
      'the files must hold each series from its first export: a missing first file fails (exit 1) instead of being said',
    )
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nThe result always says how far it can be trusted: "signed by key K (trusted)" (an Ed25519 signature checked against a\n--trusted-key), "signed by key K (not checked: no --trusted-key given)", "HMAC with the shared key"\n(WFCTL_EXPORT_HMAC_KEY), or "unsigned: integrity only" (anyone who can write the files can recompute the chain).\n--require-signature makes anything short of a trusted signature exit 1, one line naming the file and the reason.\n\n--trusted-head STATE is the auditor\'s nightly routine: the first run writes the series\' last export (series,\nindex, manifest hash) to STATE; each later run proves the series only grew from it (the head is there, unchanged,\nand every later export links back to it: deleting the last files of a series is seen) and moves STATE, atomically,\nonly when everything checked out.\n\nOffline, verify reads only the files. With --reconcile it also reads the database the files came from: a record of\ntheir range that is in no file (a late record no run exported, a file left out) or a record of the files that is gone\nfrom the database fails the check.\n\nExit status 0 when everything checks out, 1 naming the first altered, removed, inserted or reordered record or file, a gap in a series, a missing or malformed manifest, a bad signature, (--require-signature) a file not signed by a\ntrusted key, (--trusted-head) a head gone or changed, or (--reconcile) a record missing on either side; 2 when a file\nis not an export, or a key or STATE file cannot be read.\n\nExamples:\n  wfctl audit verify /srv/audit/2025-01-31.ndjson\n  wfctl audit verify /srv/audit/*.ndjson\n  wfctl audit verify --reconcile /srv/audit/audit-*.ndjson\n  wfctl audit verify --require-signature --trusted-key keys/ --trusted-head ~/audit-head.json --from-start /srv/audit/*.ndjson\n',
    )
    .action(
      async (
        files: string[],
        opts: {
          json?: boolean;
          reconcile?: boolean;
          trustedKey?: string[];
          requireSignature?: boolean;
          trustedHead?: string;
          fromStart?: boolean;
        },
      ) => {
        const { runAuditVerify, printAuditVerify } = await import('./verify.js');
        printAuditVerify(
          await runAuditVerify(
            {
              files,
              reconcile: opts.reconcile === true,
              ...(opts.trustedKey ? { trustedKeys: opts.trustedKey } : {}),
              ...(opts.requireSignature ? { requireSignature: true } : {}),
              ...(opts.trustedHead !== undefined ? { trustedHead: opts.trustedHead } : {}),
              ...(opts.fromStart ? { fromStart: true } : {}),
            },
            ctx,
          ),
          ctx.io,
          opts.json === true,
        );
      },
    );
}
