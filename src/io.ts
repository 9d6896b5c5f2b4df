/**
 * The streams a command talks to and the decisions that follow from them
 * (colour, spinners, prompts, quiet), made once at start-up and passed down;
 * nothing below main.ts reads process.stdout or process.env directly.
 *
 * What goes to stderr is one of two kinds, and the kind decides, not the
 * caller: `err()` for what a failure says (errors, hints, a breached check's
 * reasons): always printed; `note()` for everything else a success says
 * ("Wrote ...", "No workflows match.", notes, warnings): dropped under
 * --quiet, so that cron mails only on failure. Spinners and progress lines
 * follow showProgress / stderrInteractive, which --quiet turns off.
 */
import type { Readable, Writable } from 'node:stream';

export type Env = Record<string, string | undefined>;

export interface IOStreams {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly stdin: Readable;
  readonly env: Env;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  readonly stdinIsTTY: boolean;
  /** Colour on stdout / stderr, after --no-color, NO_COLOR and FORCE_COLOR. */
  readonly colorStdout: boolean;
  readonly colorStderr: boolean;
  /** Terminal width for tables and charts (80 when not a terminal). */
  readonly columns: number;
  /** Terminal height, for what must fit one screen (24 when not a terminal). */
  readonly rows: number;
  /**
   * Tables print every cell whole and every column, however wide (-o wide,
   * --no-trunc); set once by the root hook from the verb's flags, before the verb runs.
   */
  wideTables: boolean;
  /** Prompts only when a person can answer: stdin and stdout are terminals. */
  readonly canPrompt: boolean;
  /** Spinners and progress only when both stdout and stderr are terminals (as gh does). */
  readonly showProgress: boolean;
  /** Progress lines on stderr when stderr alone is a terminal (exports to a file). */
  readonly stderrInteractive: boolean;
  /** --quiet: nothing on stderr but what a failure says */
  readonly quiet: boolean;
  out(text: string): void;
  /** What a failure says: always printed. */
  err(text: string): void;
  /** What a success says on stderr (status, notes, warnings): dropped under --quiet. */
  note(text: string): void;
}

export interface IOStreamsInit {
  stdout: Writable & { isTTY?: boolean; columns?: number; rows?: number };
  stderr: Writable & { isTTY?: boolean };
  stdin: Readable & { isTTY?: boolean };
  env: Env;
  /** false when --no-color was given */
  color?: boolean;
}

export function createIOStreams(init: IOStreamsInit): IOStreams {
  const stdoutIsTTY = init.stdout.isTTY === true;
  const stderrIsTTY = init.stderr.isTTY === true;
  const stdinIsTTY = init.stdin.isTTY === true;
  const colorFor = (isTTY: boolean) => decideColor(isTTY, init.env, init.color);
  const columns = stdoutIsTTY && init.stdout.columns ? init.stdout.columns : 80;
  const rows = stdoutIsTTY && init.stdout.rows ? init.stdout.rows : 24;
  // a byte order mark asked for before the command runs (--bom) goes out with the command's first
  // output, and not at all when the command fails before writing any
  let pending = '';
  let wrote = false;
  const out = (text: string) => {
    if (!wrote && pending === '' && text === '\uFEFF') {
      pending = text;
      return;
    }
    wrote = true;
    void init.stdout.write(pending + text);
    pending = '';
  };
  const err = (text: string) => void init.stderr.write(text);
  return {
    stdout: init.stdout,
    stderr: init.stderr,
    stdin: init.stdin,
    env: init.env,
    stdoutIsTTY,
    stderrIsTTY,
    stdinIsTTY,
    colorStdout: colorFor(stdoutIsTTY),
    colorStderr: colorFor(stderrIsTTY),
    columns,
    rows,
    wideTables: false,
    canPrompt: stdinIsTTY && stdoutIsTTY,
    showProgress: stdoutIsTTY && stderrIsTTY && !isCI(init.env),
    stderrInteractive: stderrIsTTY && !isCI(init.env),
    quiet: false,
    out,
    err,
    note: err,
  };
}

/** The same streams under --quiet: no notes, no spinners, no progress lines; errors as before. */
export function quietStreams(io: IOStreams): IOStreams {
  return { ...io, quiet: true, showProgress: false, stderrInteractive: false, note: () => undefined };
}

/** --no-color wins, then NO_COLOR, then FORCE_COLOR, then "is it a terminal". */
export function decideColor(isTTY: boolean, env: Env, flag?: boolean): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !(force === '0' || force.toLowerCase() === 'false');
  return isTTY && env.TERM !== 'dumb';
}

function isCI(env: Env): boolean {
  return env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
}
