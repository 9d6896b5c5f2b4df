/**
 * The entry point: parse, run, and map every outcome to an exit status. The
 * only process.exit of the program is in run() below.
 */
import { CommanderError } from 'commander';
import { buildProgram } from './cli.js';
import { CommandContext } from './context.js';
import { redactUriPasswords } from './data/core/redact.js';
import { CancelledError, ExitCode, ExitError, WfctlError, isSystemIoError, systemErrorWords } from './errors.js';
import { createIOStreams, type IOStreamsInit } from './io.js';
import { Interrupts } from './interrupt.js';
import { safeLine } from './quote.js';

/** Runs wfctl with these arguments and streams; resolves to the exit status. */
export async function main(
  argv: string[],
  init: Omit<IOStreamsInit, 'color'>,
  interrupts?: Interrupts,
): Promise<number> {
  const noColor = argv.includes('--no-color');
  const io = createIOStreams({ ...init, ...(noColor ? { color: false } : {}) });
  const ctx = new CommandContext(io, interrupts);
  const program = buildProgram(ctx);
  try {
    if (argv.length === 0) {
      io.out(program.helpInformation());
      return ExitCode.ok;
    }
    await program.parseAsync(argv, { from: 'user' });
    return ExitCode.ok;
  } catch (err) {
    return reportError(err, ctx, argv.includes('--verbose') || argv.includes('-v'));
  } finally {
    // after Ctrl-C the connection is not waited for: a server that stopped answering would hold the exit
    if (ctx.interrupts.stopping) void ctx.close();
    else await ctx.close();
  }
}

function reportError(err: unknown, ctx: CommandContext, verbose: boolean): number {
  const { io, keychain } = ctx;
  if (err instanceof ExitError) return err.exitCode;
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0)
      return ExitCode.ok;
    // commander already printed its one-line message (with a suggestion where it has one)
    return ExitCode.usage;
  }
  if (err instanceof WfctlError) {
    // one line each, whatever the message echoes (safeLine escapes newlines and control characters)
    io.err(`wfctl: ${safeLine(keychain.redact(err.message))}\n`);
    if (err.hint) io.err(`hint: ${safeLine(keychain.redact(err.hint))}\n`);
    if (verbose && err.cause instanceof Error && err.cause.stack) io.err(`${keychain.redact(err.cause.stack)}\n`);
    return err.exitCode;
  }
  if (isBrokenPipe(err)) return ExitCode.ok;
  if (isFailedWrite(err)) {
    // a full disk or a failing one is an ordinary failure, wherever a file write met it
    io.err(`wfctl: could not write ${err.path ? safeLine(err.path) : 'a file'}: ${safeLine(systemErrorWords(err))}\n`);
    return ExitCode.failure;
  }
  if (
    err instanceof CancelledError ||
    (err instanceof Error && (err.name === 'ExitPromptError' || err.name === 'AbortPromptError'))
  ) {
    // Ctrl-C at a prompt, or "no" to a confirmation: the person changed their mind
    io.err('Cancelled; nothing was written.\n');
    return ExitCode.cancelled;
  }
  const message = err instanceof Error ? err.message : String(err);
  io.err(`wfctl: unexpected error: ${safeLine(keychain.redact(message))}\n`);
  if (verbose && err instanceof Error && err.stack) io.err(`${keychain.redact(err.stack)}\n`);
  else io.err('hint: run again with --verbose for details\n');
  return ExitCode.failure;
}

/** The system's errors of a write that could not be done: no space, no quota, a failing disk, a file too large, a read-only file system. */
const FAILED_WRITE = new Set(['ENOSPC', 'EDQUOT', 'EIO', 'EFBIG', 'EROFS']);

function isFailedWrite(err: unknown): err is NodeJS.ErrnoException {
  return isSystemIoError(err) && FAILED_WRITE.has(err.code!);
}

function isBrokenPipe(err: unknown): boolean {
  return err instanceof Error && (err as NodeJS.ErrnoException).code === 'EPIPE';
}

/**
 * A password given on the command line (`--uri mongodb://u:secret@...`) is
 * readable by every user of the machine in the process list (`ps -o args`,
 * /proc/PID/cmdline): the process title is rewritten without it as the first
 * thing wfctl does. On Linux Node writes the title over the original
 * arguments' memory, which is what `ps` reads; a title longer than that
 * memory is cut at its end (`wfctl` is shorter than `node .../bin/wfctl.js`,
 * so only a password shorter than its four stars could make it so). The
 * root hook of cli.ts says so on stderr, once.
 */
export function maskedTitle(argv: readonly string[]): string | undefined {
  const masked = argv.map(redactUriPasswords);
  if (masked.every((a, i) => a === argv[i])) return undefined;
  return ['wfctl', ...masked].join(' ');
}

/**
 * stdout failed (a full disk: ENOSPC, EIO, EFBIG; not a closed pipe): the
 * result did not reach its reader, which is a failure (exit 1), said in one
 * line. wfctl stops there: a command waiting for the stream to take more
 * would wait for ever.
 */
function onStdoutError(err: NodeJS.ErrnoException): void {
  // `wfctl ... | head` closes the pipe early: that is not an error
  if (err.code === 'EPIPE') process.exit(ExitCode.ok);
  process.stderr.write(`wfctl: could not write the output: ${safeLine(systemErrorWords(err))}\n`);
  process.exit(ExitCode.failure);
}

/** The executable's entry: real streams, real exit. */
export async function run(): Promise<void> {
  const title = maskedTitle(process.argv.slice(2));
  if (title !== undefined) process.title = title;
  process.stdout.on('error', onStdoutError);
  // Ctrl-C: "stopping...", then exit 130 (interrupt.ts); a command with something to clean up stops itself first
  const interrupts = new Interrupts(
    // on a terminal, over the progress line (and the ^C the terminal echoed)
    (text) => void process.stderr.write(process.stderr.isTTY ? `\r\x1b[K${text}` : text),
    (code) => process.stderr.write('', () => process.exit(code)),
  );
  process.on('SIGINT', () => interrupts.interrupt());
  const code = await main(
    process.argv.slice(2),
    {
      stdout: process.stdout,
      stderr: process.stderr,
      stdin: process.stdin,
      env: process.env,
    },
    interrupts,
  );
  // let buffered output reach a pipe before leaving; a write that failed late (the stream's 'error'
  // may come after this) hands its error to this callback; a command that failed (1) has said why
  process.stdout.write('', (err) => {
    if (err && code !== ExitCode.failure) onStdoutError(err);
    else process.stderr.write('', () => process.exit(code));
  });
}
