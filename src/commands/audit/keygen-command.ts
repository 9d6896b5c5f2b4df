/** `wfctl audit keygen`: its flags and help; the run and print are in keygen.ts, loaded when it runs. */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';
import { pathArg } from '../../options.js';

const KEYGEN_HELP = `
Writes DIR/audit-signing-key.pem (the private key, PKCS#8 PEM, mode 600: give
it to audit export --sign-key, and to no one else) and
DIR/audit-signing-key.pub.pem (the public key, SPKI PEM: give it to the
auditors, for audit verify --trusted-key or openssl). Prints the key id, the
first 16 hex digits of the SHA-256 of the public key's DER bytes, which every
signed manifest names; an auditor computes it with:
  openssl pkey -pubin -in audit-signing-key.pub.pem -outform DER | sha256sum | cut -c1-16

Each file is written atomically; an existing file is never replaced (exit 2).
To rotate, make a new pair in another folder, sign with it from the next run
on, and have auditors trust both public keys (--trusted-key a folder of them).

Examples:
  wfctl audit keygen --out /etc/wfctl/keys
  wfctl audit keygen --out ./keys-2026 --json
`;

export function keygenCommand(ctx: CommandContext): Command {
  return new Command('keygen')
    .description('make an Ed25519 key pair for signing export manifests (audit export --sign-key)')
    .requiredOption('--out <dir>', 'folder for the two key files (made, owner-only, when missing)', pathArg)
    .option('--json', 'print the key id and the two paths as JSON')
    .addHelpText('after', KEYGEN_HELP)
    .action(async (opts: { out: string; json?: boolean }) => {
      const { runAuditKeygen, printAuditKeygen } = await import('./keygen.js');
      printAuditKeygen(await runAuditKeygen({ out: opts.out }), ctx.io, opts.json === true);
    });
}
