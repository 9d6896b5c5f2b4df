/**
 * The command tree. Building it loads only commander and the group wiring;
 * each verb's implementation (and the driver, chalk, tables) is imported when
 * that verb runs, so `wfctl --help` stays fast.
 */
import { Command, Option } from 'commander';
import { CommandContext } from './context.js';
import type { GlobalOptions } from './config.js';
import { DEFAULT_MAX_TIME_SECONDS, DEFAULT_TIMEOUT_SECONDS } from './config.js';
import { RETRY_STRATEGIES } from './data/core/retry.js';
import { nonNegativeIntArg, secondsArg } from './options.js';
import { escapeControls, quoteInput, safeLine } from './quote.js';
import { VERSION } from './version.js';
import { workflowsCommand } from './commands/workflows/index.js';
import { dbCommand } from './commands/db/index.js';
import { completeHelperCommand, completionCommand } from './commands/completion/index.js';
import { GROUPS } from './commands/groups.js';
import { wideTablesAsked } from './commands/output-options.js';

export const EXIT_CODES_HELP = `Exit status:
  0  success
  1  runtime failure (database unreachable, I/O error, a lost race)
  2  bad usage or bad input (nothing was written)
  3  a check threshold was breached
  4  the named workflow, version or action does not exist
  5  a check had too few executions to judge (neither pass nor breach)
  130  cancelled at a prompt (Ctrl-C, or "no" to a confirmation); nothing was written`;

export const ENVIRONMENT_HELP = `Environment:
  WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL   connection string (after --uri)
  WFCTL_DB, DB_NAME                           database (after --db; else the URI's path, else "workflows")
  WFCTL_USER                                  acting user for writes (after --user; else the OS user)
  NO_COLOR, FORCE_COLOR                       colour off / on`;

export function buildProgram(ctx: CommandContext): Command {
  const program = new Command('wfctl');
  program
    .description('Admin tool for the workflow-automation system: versions and rollback, audit trail, error statistics, analytics and CI checks.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => ctx.io.out(s),
      writeErr: (s) => ctx.io.err(s),
      outputError: (s, write) => write(commanderError(s)),
    })
    .option('--uri <uri>', 'MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL)')
    .option('--db <name>', 'database name (env WFCTL_DB, DB_NAME; default: from the URI, else "workflows")')
    .option('--user <name>', 'acting user recorded on writes (env WFCTL_USER; default: the OS user)')
    .addOption(new Option('--timeout <seconds>', 'server selection timeout; a server silent this long is noticed').argParser(secondsArg).default(DEFAULT_TIMEOUT_SECONDS))
    .addOption(
      new Option('--max-time <seconds>', 'server-side time limit of each query (maxTimeMS), and the longest wait for a server that stopped answering; scans over a whole window and exports allow more on the server').argParser(
        secondsArg,
      ).default(DEFAULT_MAX_TIME_SECONDS),
    )
    .addOption(
      new Option('--read-preference <mode>', 'read preference for read-only commands').choices([
        'primary',
        'primaryPreferred',
        'secondary',
        'secondaryPreferred',
        'nearest',
      ]),
    )
    .addOption(new Option('--retry <strategy>', 'retry strategy for transient server errors').choices(RETRY_STRATEGIES).default('exponential'))
    .addOption(new Option('--retries <n>', 'retries after the first try').argParser(nonNegativeIntArg).default(3))
    .option('--no-color', 'no colour (also NO_COLOR)')
    .option('-v, --verbose', 'more detail on stderr, stack traces on errors')
    .addHelpText('after', `\n${ENVIRONMENT_HELP}\n\n${EXIT_CODES_HELP}\n`);

  program.hook('preAction', (_this, actionCommand) => {
    ctx.setGlobals(globalsFor(program, actionCommand));
    ctx.io.wideTables = wideTablesAsked(actionCommand.opts());
  });

  for (const make of [workflowsCommand, dbCommand, ...GROUPS, completionCommand]) {
    const group = make(ctx);
    group.showSuggestionAfterError(true);
    program.addCommand(group);
  }
  program.addCommand(completeHelperCommand(ctx), { hidden: true });
  applyToTree(program, (cmd) => {
    cmd.exitOverride();
    cmd.configureOutput(program.configureOutput());
    cmd.showSuggestionAfterError(true);
  });
  return program;
}

/** A value commander echoed in single quotes, as wfctl shows it: as it was when short and plain, else quoteInput's form. */
function echoed(value: string): string {
  return value.length <= 80 && escapeControls(value) === value ? `'${value}'` : quoteInput(value);
}

/**
 * A commander error as wfctl prints it: "wfctl: " for "error: ", the value it
 * echoes (an invalid option value, an unknown option or command) escaped and
 * cut, and one line, plus commander's "(Did you mean ...?)" line.
 */
export function commanderError(s: string): string {
  const body = s
    .replace(/\n$/, '')
    .replace(/^error: /, '')
    .replace(/( argument )'([\s\S]*)'( is invalid\.)/, (_m, a: string, v: string, b: string) => `${a}${echoed(v)}${b}`)
    .replace(/^(unknown (?:option|command) )'([\s\S]*?)'(?=\n\(Did you mean |$)/, (_m, a: string, v: string) => `${a}${echoed(v)}`);
  const lines = body.split(/\n(?=\(Did you mean )/);
  return `wfctl: ${lines.map(safeLine).join('\n')}\n`;
}

/**
 * The global options of the command about to run. A verb may declare an
 * option under a global's name (the audit verbs' --user is the filter, the
 * global --user the acting user). commander gives every occurrence on the
 * line to the global, so the split is made here, once, from the raw
 * arguments: an occurrence after the verb is the verb's, one before it the
 * global's. No action rewrites the globals.
 */
function globalsFor(program: Command, cmd: Command): GlobalOptions {
  const globals = { ...cmd.optsWithGlobals() } as Record<string, unknown>;
  const shared = cmd.options.filter((o) => o.long && program.options.some((g) => g.long === o.long));
  if (shared.length === 0) return globals as GlobalOptions;
  const raw = ((program as unknown as { rawArgs?: string[] }).rawArgs ?? []).slice();
  const names = [cmd.name(), ...cmd.aliases()];
  const parent = cmd.parent && cmd.parent !== program ? cmd.parent.name() : undefined;
  let verbAt = -1;
  for (let i = 0; i < raw.length; i++) {
    if (names.includes(raw[i]!) && (parent === undefined || raw[i - 1] === parent)) {
      verbAt = i;
      break;
    }
  }
  for (const o of shared) {
    const long = o.long!;
    let before: string | undefined;
    let after: string | undefined;
    for (let i = 0; i < raw.length; i++) {
      const t = raw[i]!;
      if (t === '--') break;
      let value: string | undefined;
      if (t === long && i + 1 < raw.length) value = raw[++i];
      else if (t.startsWith(`${long}=`)) value = t.slice(long.length + 1);
      else continue;
      if (verbAt >= 0 && i > verbAt) after = value;
      else before = value;
    }
    const key = o.attributeName();
    if (before === undefined) delete globals[key];
    else globals[key] = before;
    cmd.setOptionValueWithSource(key, after, after === undefined ? 'default' : 'cli');
  }
  return globals as GlobalOptions;
}

function applyToTree(cmd: Command, fn: (c: Command) => void): void {
  fn(cmd);
  for (const sub of cmd.commands) applyToTree(sub, fn);
}
