/**
 * The command tree. Building it loads only commander and the group wiring;
 * each verb's implementation (and the driver, chalk, tables) is imported when
 * that verb runs, so `wfctl --help` stays fast.
 */
import { Command, Option } from 'commander';
import { CommandContext } from './context.js';
import { DEFAULT_MAX_TIME_SECONDS, DEFAULT_TIMEOUT_SECONDS } from './config.js';
import { RETRY_STRATEGIES } from './data/core/retry.js';
import { nonNegativeIntArg, secondsArg } from './options.js';
import { escapeControls, quoteInput, safeLine } from './quote.js';
import { VERSION } from './version.js';
import { workflowsCommand } from './commands/workflows/index.js';
import { dbCommand } from './commands/db/index.js';
import { completeHelperCommand, completionCommand } from './commands/completion/index.js';
import { GROUPS } from './commands/groups.js';

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
    ctx.setGlobals(actionCommand.optsWithGlobals());
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

function applyToTree(cmd: Command, fn: (c: Command) => void): void {
  fn(cmd);
  for (const sub of cmd.commands) applyToTree(sub, fn);
}
