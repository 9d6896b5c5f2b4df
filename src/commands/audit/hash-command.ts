/** `wfctl audit hash VALUE`: the pseudonym of a value under the organisation's key. */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';
import { pathArg } from '../../options.js';

export function hashCommand(ctx: CommandContext): Command {
  return new Command('hash')
    .description("the pseudonym of a value (a user id, an address, an agent) under the organisation's key")
    .argument('<value>', 'the value, compared exactly (plain text)')
    .option('--key-file <file>', 'the pseudonym key (default: the file named by WFCTL_PSEUDONYM_KEY_FILE)', pathArg)
    .option('--json', 'print { "value", "pseudonym" } as JSON')
    .addHelpText(
      'after',
      `
Prints hmac-sha256:<hex>, the HMAC-SHA-256 of the value's UTF-8 bytes with the
key: what audit erase wrote in place of the value, so an erased subject's
records can still be found by whoever holds the key:
  wfctl audit list --user "$(wfctl audit hash alice)"

Exit status: 0 printed; 2 an empty value, or no key (or a key file other users
can read: chmod 600 it).

Environment:
  WFCTL_PSEUDONYM_KEY_FILE   the key file (its bytes, less one trailing line end; at least 16)

Examples:
  wfctl audit hash alice --key-file /etc/wfctl/pseudonym.key
  WFCTL_PSEUDONYM_KEY_FILE=/etc/wfctl/pseudonym.key wfctl audit hash 203.0.113.7
`,
    )
    .action(async (value: string, opts: { keyFile?: string; json?: boolean }) => {
      const { runAuditHash, printAuditHash } = await import('./hash.js');
      printAuditHash(await runAuditHash({ value, keyFile: opts.keyFile }, ctx), ctx.io, opts.json === true);
    });
}
