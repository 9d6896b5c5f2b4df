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
import { IDENTITY_MODES } from './data/core/identity.js';
import {
  contextNameArg,
  dbNameArg,
  maxStalenessArg,
  nonNegativeIntArg,
  pathArg,
  readPreferenceTagsArg,
  secondsArg,
  uriArg,
  userArg,
} from './options.js';
import { escapeControls, quoteInput, safeLine } from './quote.js';
import { VERSION } from './version.js';
import { workflowsCommand } from './commands/workflows/index.js';
import { dbCommand } from './commands/db/index.js';
import { completeHelperCommand, completionCommand } from './commands/completion/index.js';
import { GROUPS } from './commands/groups.js';
import {
  commandNamed,
  nearMissCommandMessage,
  VERSION_FLAGS,
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
  WFCTL_IDENTITY                              strict: a write's --as must be the authenticated database user (after --identity)
  NO_COLOR, FORCE_COLOR                       colour off / on
  WFCTL_PAGER, PAGER                          pager for long text such as a diff (else less -FRX; "" or cat: none)`;

/**
 * The root command: it remembers the words it was given (commander passes
 * the whole line to the root's parseOptions), so that --version can tell
 * "alone" from "before a command".
 */
class Program extends Command {
  line: readonly string[] = [];
  override parseOptions(argv: string[]): { operands: string[]; unknown: string[] } {
    this.line = [...argv];
    return super.parseOptions(argv);
  }
}

export function buildProgram(ctx: CommandContext): Command {
  const program = new Program('wfctl');
  program
    // the root parses its options before the command only; after it they are the command's
    // hidden copies (withGlobalCopies), so that a verb's own --user is never the root's
    .enablePositionalOptions()
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
    });
  addGlobalOptions(program).addHelpText('after', `\n${EXAMPLES_HELP}\n\n${ENVIRONMENT_HELP}\n\n${EXIT_CODES_HELP}\n`);

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
    // the copies of the commands on the line only, made as the line reaches each: start-up stays light
    if (cmd.commands.length > 0) cmd.hook('preSubcommand', (_this, sub) => withGlobalCopies(program, sub));
    cmd.configureHelp({ subcommandTerm });
  });
  return program;
}

/** The root's options: the target, the acting user, time limits, retries, output. */
function addGlobalOptions(program: Command): Command {
  return program
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
        '--identity <mode>',
        'strict: refuse a write (exit 2) whose --as is not the database user the connection authenticated as, or that has none (env WFCTL_IDENTITY; default: record both)',
      ).choices(IDENTITY_MODES),
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
        '--read-preference-tags <tags>',
        'tag set of the members reads may go to, as the driver writes it (dc:east,use:analytics); repeat to try several in order, "" for any member',
      ).argParser(readPreferenceTagsArg),
    )
    .addOption(
      new Option(
        '--max-staleness <seconds>',
        'read only from secondaries at most this far behind the primary (maxStalenessSeconds, at least 90)',
      ).argParser(maxStalenessArg),
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
    .option('-q, --quiet', 'nothing on stderr when the command succeeds (for cron); errors still print');
}

/** A subcommand as help lists it (commander's form), "[options]" only when it has an option help shows. */
function subcommandTerm(cmd: Command): string {
  const args = cmd.registeredArguments.map((a) => {
    const name = a.name() + (a.variadic ? '...' : '');
    return a.required ? `<${name}>` : `[${name}]`;
  });
  return [
    [cmd.name(), ...cmd.aliases().slice(0, 1)].join('|'),
    ...(cmd.options.some((o) => !o.hidden) ? ['[options]'] : []),
    ...args,
  ].join(' ');
}

/** The hidden copies of the root's options on the commands below it (the option is the copy). */
const COPIES = new WeakSet<Option>();

/**
 * Gives a command below the root a hidden copy of each root option it does not
 * spell itself, so that the root's options work after a noun or a verb too
 * (wfctl audit list --db x), while a verb's own option of the same name (the
 * audit verbs' --user filter) stays the verb's. -V/--version after a command
 * is that command's unknown option (near-misses.ts).
 */
function withGlobalCopies(program: Command, cmd: Command): void {
  // a noun of verbs only parses its options before the verb, as the root does; a noun with options of its
  // own (check) parses them anywhere on its line, so it takes no copy of a flag one of its verbs spells
  const nounOnly = cmd.commands.length > 0 && cmd.options.length === 0;
  if (nounOnly) cmd.enablePositionalOptions();
  const scope: Command[] = [];
  if (nounOnly) scope.push(cmd);
  else applyToTree(cmd, (c) => scope.push(c));
  const taken = (flag: string | undefined) =>
    flag !== undefined && scope.some((c) => c.options.some((o) => o.long === flag || o.short === flag));
  for (const o of program.options) {
    if (o.long === '--version') continue;
    if (taken(o.long) || taken(o.short)) continue;
    const copy = new Option(o.flags, o.description).hideHelp();
    if (o.argChoices) copy.choices(o.argChoices);
    else if (o.parseArg) copy.argParser(o.parseArg);
    COPIES.add(copy);
    cmd.addOption(copy);
  }
  for (const flag of VERSION_FLAGS) {
    if (taken(flag)) continue;
    const copy = new Option(flag).hideHelp();
    cmd.addOption(copy);
    cmd.on(`option:${copy.name()}`, () =>
      cmd.error(versionOnCommandMessage(cmd, { flag, place: 'after-command' }), { code: 'commander.unknownOption' }),
    );
  }
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
 * The global options of the command about to run: the root's, then, down to
 * the verb, those given to a command's hidden copies (the last one on the line
 * wins). A verb's own option of a global's name is never a global: the audit
 * verbs' --user is the filter; the global --user (before the command, or
 * after a verb that has no --user) is the deprecated spelling of --as.
 */
function globalsFor(program: Command, cmd: Command): GlobalOptions {
  const globals = { ...program.opts() } as Record<string, unknown>;
  const chain: Command[] = [];
  for (let c: Command | null = cmd; c && c !== program; c = c.parent) chain.unshift(c);
  for (const c of chain) {
    for (const o of c.options) {
      if (!COPIES.has(o)) continue;
      const key = o.attributeName();
      if (c.getOptionValueSource(key) === 'cli') globals[key] = c.getOptionValue(key);
    }
  }
  // the verb's own --yes and --dry-run: a protected context's guard (protected-target.ts) reads them
  const own = cmd.opts<{ yes?: unknown; dryRun?: unknown }>();
  if (own.yes === true) globals.yes = true;
  if (own.dryRun === true) globals.dryRun = true;
  return globals as GlobalOptions;
}

/**
 * --version answers only a line that names no command; on a command it is
 * exit 2 (near-misses.ts). An unknown command that is a verb of a noun names
 * the command meant.
 */
function guardNearMisses(program: Program, printVersion: () => void): void {
  let version: VersionFlagPlace;
  program.on('option:version', () => {
    version = versionFlagPlace(program, program.line);
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
