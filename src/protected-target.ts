/**
 * A protected context's writes, decided in one place (CommandContext.dataSource
 * with `writes: true`, which every write verb opens): first the target on
 * stderr (context, host, database; never a password), then consent for this
 * target. On a terminal the person types the context's name; --yes stands in
 * for it only when the context was named for this call (--context NAME or
 * WFCTL_CONTEXT), never when it came from the file's current-context, which
 * another shell may have switched (ahmetb/kubectx#12). --dry-run writes
 * nothing: the target only. And --expect-context NAME, on any command.
 */
import type { ConnectionConfig } from './config.js';
import { UsageError } from './errors.js';
import type { IOStreams } from './io.js';
import { askText } from './prompt.js';
import { quoteInput } from './quote.js';

const SOURCE_WORDS = { flag: '--context', env: 'WFCTL_CONTEXT', file: "the configuration file's current-context" };

/** The hosts of a connection string, without user or password: "db1:27017,db2". */
export function uriHosts(uri: string): string {
  const rest = uri.replace(/^mongodb(\+srv)?:\/\//i, '');
  const authority = rest.split(/[/?#]/, 1)[0] ?? '';
  // the user info runs to the last @ of the authority (an unescaped @ in a password must not show its tail)
  const at = authority.lastIndexOf('@');
  return at >= 0 ? authority.slice(at + 1) : authority;
}

/** "context prod (protected; from --context): host db1:27017, database workflows" */
export function targetText(cfg: ConnectionConfig): string {
  const c = cfg.context;
  const where = `host ${uriHosts(cfg.uri) || '?'}, database ${cfg.dbName}`;
  if (!c) return `${where} (from ${cfg.uriSource})`;
  return `context ${c.name} (${c.protected ? 'protected; ' : ''}from ${SOURCE_WORDS[c.source]}): ${where}`;
}

/** --expect-context NAME: exit 2 unless the target is that context. */
export function checkExpectedContext(cfg: ConnectionConfig, expected: string): void {
  const actual = cfg.context?.name;
  if (actual === expected) return;
  const is =
    actual !== undefined
      ? `context ${quoteInput(actual)}`
      : `no context (the connection string comes from ${cfg.uriSource})`;
  throw new UsageError(`--expect-context ${quoteInput(expected)}: the target is ${is}; nothing was done`, {
    hint: `name it: wfctl --context ${expected} ... (or WFCTL_CONTEXT=${expected})`,
  });
}

/** Before a write's connection opens: nothing for a context that is not protected. */
export async function guardProtectedWrite(
  io: IOStreams,
  cfg: ConnectionConfig,
  answers: { yes: boolean; dryRun: boolean },
): Promise<void> {
  const c = cfg.context;
  if (!c?.protected) return;
  // said even under --quiet: a protected target is never written to silently
  io.err(`target: ${targetText(cfg)}\n`);
  if (answers.dryRun) return;
  const named = `--context ${c.name}`;
  if (c.source === 'file' && (answers.yes || !io.canPrompt)) {
    throw new UsageError(
      `context ${c.name} is protected and was chosen by the configuration file's current-context: ${answers.yes ? '--yes' : 'a write without a terminal'} needs the context named for this call; nothing was written`,
      { hint: `wfctl ${named} ... --yes (or WFCTL_CONTEXT=${c.name})` },
    );
  }
  if (answers.yes) return;
  await askText(
    io,
    `Protected context ${c.name}: type its name to write to it:`,
    {
      flag: `--yes (with ${named} or WFCTL_CONTEXT=${c.name})`,
      purpose: `confirm a write to protected context ${c.name}`,
    },
    (typed) => (typed === c.name ? true : `type ${c.name} to write to it, or Ctrl-C to cancel (nothing is written)`),
  );
}
