/**
 * The command tree. Building it loads only commander and the group wiring;
 * each verb's implementation (and the driver, chalk, tables) is imported when
 * that verb runs, so `wfctl --help` stays fast.
 */
import { Command, CommanderError, Option } from 'commander';
import { CommandContext } from './context.js';
import type { GlobalOptions } from './config.js';
import { DEFAULT_MAX_TIME_SECONDS, DEFAULT_TIMEOUT_SECONDS } from './config.js';
import { RETRY_STRATEGIES } from './data/core/retry.js';
import { contextNameArg, dbNameArg, nonNegativeIntArg, pathArg, secondsArg, uriArg, userArg } from './options.js';
import { escapeControls, quoteInput, safeLine } from './quote.js';
import { VERSION } from './version.js';
import { workflowsCommand } from './commands/workflows/index.js';
import { dbCommand } from './commands/db/index.js';
import { completeHelperCommand, completionCommand } from './commands/completion/index.js';
import { GROUPS } from './commands/groups.js';
import {
  commandNamed,
  nearMissCommandMessage,
  versionFlagPlace,
  versionOnCommandMessage,
  type VersionFlagPlace,
} from './near-misses.js';
import { wideTablesAsked } from './commands/output-options.js';

export const EXIT_CODES_HELP = `Exit status:
  0  success
  1  runtime failure (database down or not the backend's, I/O error, a lost race)
  2  bad usage or bad input (nothing was written)
  3  a check threshold was breached
  4  the named workflow, version or action does not exist
  5  a check had too few executions to judge (neither pass nor breach)
  130  cancelled: Ctrl-C or "no" at a prompt (nothing was written), or Ctrl-C while it runs`;

const EXAMPLES_HELP = `Examples:
  wfctl workflows list                          workflows, their version, last run
  wfctl versions list <workflow>                a workflow's history
  wfctl rollback <workflow> --to 5 --reason R   restore version 5 as a new one
  wfctl audit export --format ndjson -o FILE    the audit trail, exactly
  wfctl check                                   the alerts; exit 3 when breached
  wfctl <command> --help                        more on a command`;

export const ENVIRONMENT_HELP = `Environment:
  WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL   connection string (after --uri)
  WFCTL_MONGODB_URI_FILE                      a file holding it (beside WFCTL_MONGODB_URI)
  WFCTL_DB, DB_NAME                           database (after --db; else the URI's path, else "workflows")
  WFCTL_CONTEXT                               the context for this shell (after --context; before the URI variables)
  WFCTL_CONFIG                                the configuration file (else $XDG_CONFIG_HOME/wfctl/config.yaml)
  WFCTL_USER                                  acting user for writes (after --as; else the OS user)
  NO_COLOR, FORCE_COLOR                       colour off / on
  WFCTL_PAGER, PAGER                          pager for long text such as a diff (else less -FRX; "" or cat: none)`;

export function buildProgram(ctx: CommandContext): Command {
  const program = new Command('wfctl');
  program
    .description(
      'Admin tool for the workflow-automation system: workflow versions and rollback, the audit trail, error statistics, analytics, and checks for CI and monitoring.',
    )
    // wfctl's own, answered only when no command is named (near-misses.ts): never a verb's success
    .addOption(new Option('-V, --version', 'print the version (on its own: wfctl --version)'))
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => ctx.io.out(s),
      writeErr: (s) => ctx.io.err(s),
      outputError: (s, write) => write(commanderError(s)),
    })
    .option(
      '--uri <uri>',
      'MongoDB connection string (env WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL); a password here shows in the process list: prefer --uri-file or the env',
      uriArg,
    )
    .option(
      '--uri-file <path>',
      'read the connection string from this file (env WFCTL_MONGODB_URI_FILE); with a password in it, only its owner may read it (chmod 600)',
      pathArg,
    )
    .option('--db <name>', 'database name (env WFCTL_DB, DB_NAME; default: from the URI, else "workflows")', dbNameArg)
    .option(
      '--context <context>',
      'the named context (wfctl context list) to use for this call (env WFCTL_CONTEXT; default: the current context)',
      contextNameArg,
    )
    .option(
      '--expect-context <context>',
      'refuse (exit 2, nothing done) unless the target is this context (for scripts)',
      contextNameArg,
    )
    .option(
      '--as <name>',
      'the user you act as, recorded on every write (env WFCTL_USER; default: the OS user)',
      userArg,
    )
    .addOption(
      new Option(
        '--user <name>',
        'deprecated before a command: use --as (after an audit verb, --user is its filter)',
      ).argParser(userArg),
    )
    .addOption(
      new Option(
        '--timeout <seconds>',
        'how long to wait for the server to answer, when connecting and when it goes silent',
      )
        .argParser(secondsArg)
        .default(DEFAULT_TIMEOUT_SECONDS),
    )
    .addOption(
      new Option(
        '--max-time <seconds>',
        'time limit of each query on the server, and the longest wait for a server that stopped answering (a reply is awaited this plus 5 s; long scans and exports allow more)',
      )
        .argParser(secondsArg)
        .default(DEFAULT_MAX_TIME_SECONDS),
    )
    .addOption(
      new Option('--read-preference <mode>', 'which member of a replica set read-only commands read from').choices([
        'primary',
        'primaryPreferred',
        'secondary',
        'secondaryPreferred',
        'nearest',
      ]),
    )
    .addOption(
      new Option(
        '--retry <strategy>',
        'how to retry when the server fails briefly, as in a lost connection or an election',
      )
        .choices(RETRY_STRATEGIES)
        .default('exponential'),
    )
    .addOption(
      new Option('--retries <n>', 'how many retries after the first try').argParser(nonNegativeIntArg).default(3),
    )
    .option('--no-color', 'no colour (also NO_COLOR)')
    .option('-v, --verbose', 'more detail on stderr, stack traces on errors')
    .option('-q, --quiet', 'nothing on stderr when the command succeeds (for cron); errors still print')
    .addHelpText('after', `\n${EXAMPLES_HELP}\n\n${ENVIRONMENT_HELP}\n\n${EXIT_CODES_HELP}\n`);

  program.hook('preAction', (_this, actionCommand) => {
    ctx.setGlobals(globalsFor(program, actionCommand));
    // not during a TAB: the completion helper prints nothing on stderr
    if (actionCommand.name() !== '__complete') {
      ctx.warnIfUriPassword();
      ctx.warnIfDeprecatedUser();
    }
    ctx.io.wideTables = wideTablesAsked(actionCommand.opts());
  });
  guardNearMisses(program, () => ctx.io.out(`${VERSION}\n`));

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
    .replace(
      /^(unknown (?:option|command) )'([\s\S]*?)'(?=\n\(Did you mean |$)/,
      (_m, a: string, v: string) => `${a}${echoed(v)}`,
    );
  const lines = body.split(/\n(?=\(Did you mean )/);
  return `wfctl: ${lines.map(safeLine).join('\n')}\n`;
}

/**
 * The global options of the command about to run. A verb may declare an
 * option under a global's name (the audit verbs' --user is the filter, the
 * global --user the deprecated spelling of --as). commander gives every occurrence on the
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

/**
 * --version answers only a line that names no command; on a command it is
 * exit 2 (near-misses.ts). An unknown command that is a verb of a noun names
 * the command meant.
 */
function guardNearMisses(program: Command, printVersion: () => void): void {
  let version: VersionFlagPlace;
  program.on('option:version', () => {
    version = versionFlagPlace(program, (program as unknown as { rawArgs: string[] }).rawArgs);
    if (version?.place !== 'alone') return;
    printVersion();
    throw new CommanderError(0, 'commander.version', VERSION);
  });
  program.hook('preSubcommand', (_this, sub) => {
    // the completion helper says nothing, whatever the line
    if (!version || sub.name() === '__complete') return;
    const cmd = commandNamed(sub, program.args.slice(1));
    cmd.error(versionOnCommandMessage(cmd, version), { code: 'commander.unknownOption' });
  });
  program.on('command:*', (operands: string[]) => {
    const message = nearMissCommandMessage(program, operands[0]!);
    if (message) program.error(message, { code: 'commander.unknownCommand' });
    // commander's own error, with its suggestion among the nouns
    (program as unknown as { unknownCommand(): never }).unknownCommand();
  });
}

function applyToTree(cmd: Command, fn: (c: Command) => void): void {
  fn(cmd);
  for (const sub of cmd.commands) applyToTree(sub, fn);
}
