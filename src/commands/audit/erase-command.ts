/** `wfctl audit erase --subject USER --reason R`: a person's identifying values replaced by keyed pseudonyms. */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';
import { pathArg, textArg } from '../../options.js';

export function eraseCommand(ctx: CommandContext): Command {
  return new Command('erase')
    .description("erasure that keeps the proof: a user's identifying values replaced by keyed pseudonyms")
    .option('--subject <user-id>', 'the user to erase (compared exactly; required)', textArg)
    .option('--reason <text>', 'why (required; recorded in the audit_erased event)', textArg)
    .option('--dry-run', 'count what would be pseudonymised, write nothing')
    .option('--key-file <file>', 'the pseudonym key (default: the file named by WFCTL_PSEUDONYM_KEY_FILE)', pathArg)
    .option('--override-hold', 'erase records under a legal hold too (recorded in the event)')
    .option('-y, --yes', 'do not ask for confirmation (needed without a terminal)')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
Every record that names the subject (the same records audit subject exports)
has the subject's identifying values replaced by their pseudonyms,
hmac-sha256:<hex> (HMAC-SHA-256 with the organisation's key, as Vault's audit
devices hash values): in the records the user made, the user id, IP addresses,
user agents and host names, wherever they appear (details and metadata
included); in records that only name the user, the user id. Counts per user
still add up and one person's records still group together under the
pseudonym; without the key the identity cannot be read back, and with it
audit hash finds the records again.

Each record is rewritten by one single-document update by _id (in bulk writes
of up to 500). A run killed at any point is finished by running it again: a
pseudonym is recognisable and never hashed twice. Export files written before
stay as they were and still verify; audit verify --reconcile reports their
records as erased, not as altered. The erasure is recorded as an audit_erased
event naming the pseudonym, never the subject. Records under a legal hold are
not erased (exit 1, naming the hold) unless --override-hold.

The key file is read as bytes (one trailing line end dropped), at least 16; a
key file that other users can read is refused. Keep the key: without it the
pseudonyms can no longer be computed for a new request.

The erasure finds the subject's audit records on the {user_id, timestamp}
index and their versions on {changed_by} (wfctl db indexes --apply).

Exit status: 0 erased (or nothing left to erase); 1 failed, or records under
legal hold; 2 bad input (no --subject or an empty one, no --reason, no key, a
key file others can read, no --yes without a terminal); nothing is written.

Environment:
  WFCTL_PSEUDONYM_KEY_FILE   the key file, when --key-file is not given

Examples:
  wfctl audit erase --subject alice --reason "GDPR art. 17 request 2025-114" --dry-run
  wfctl audit erase --subject alice --reason "GDPR art. 17 request 2025-114" --key-file /etc/wfctl/pseudonym.key --yes
`,
    )
    .action(async (opts: Record<string, unknown>) => {
      const { runAuditErase, printAuditErase } = await import('./erase.js');
      printAuditErase(await runAuditErase(opts, ctx), ctx.io, opts.json === true);
    });
}
