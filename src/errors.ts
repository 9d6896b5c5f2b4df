/**
 * Typed errors with exit codes. Only src/main.ts turns them into an exit status;
 * the message of a WfctlError is safe to show (it never holds a secret).
 */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  thresholdBreached: 3,
  notFound: 4,
  /** a check had too few executions to judge: neither a pass nor a breach */
  insufficientData: 5,
  /** cancelled at a prompt: Ctrl-C, or "no" to a confirmation; nothing was written */
  cancelled: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export class WfctlError extends Error {
  readonly exitCode: number;
  /** A second line telling the user what to do about it. */
  readonly hint: string | undefined;
  constructor(message: string, exitCode: number, options?: { hint?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.hint = options?.hint;
  }
}

/** Bad usage or bad input: exit 2. Nothing was written. */
export class UsageError extends WfctlError {
  constructor(message: string, options?: { hint?: string; cause?: unknown }) {
    super(message, ExitCode.usage, options);
  }
}

/** The named thing (workflow, version, action) does not exist: exit 4. */
export class NotFoundError extends WfctlError {
  constructor(message: string, options?: { hint?: string; cause?: unknown }) {
    super(message, ExitCode.notFound, options);
  }
}

/** A runtime failure (database, I/O, a lost race): exit 1. */
export class RuntimeError extends WfctlError {
  constructor(message: string, options?: { hint?: string; cause?: unknown }) {
    super(message, ExitCode.failure, options);
  }
}

/** The server could not be reached or answered with an error: exit 1. */
export class DatabaseError extends RuntimeError {}

/** A write that named the version it builds on (--expect-current) found another one current: exit 1, nothing written. */
export class CurrentVersionChangedError extends RuntimeError {}

/** Stopped by Ctrl-C while it ran (an export, a scan): exit 130; the message says what was left as it was. */
export class InterruptedError extends WfctlError {
  constructor(message: string, options?: { hint?: string; cause?: unknown }) {
    super(message, ExitCode.cancelled, options);
  }
}

/** A workflow reference matched several workflows by name: exit 2. */
export class AmbiguousWorkflowError extends UsageError {}

export class WorkflowNotFoundError extends NotFoundError {}

/** A write to a workflow that custom_workflows no longer holds: exit 4, nothing written. */
export function deletedWorkflowError(workflowId: string): WorkflowNotFoundError {
  return new WorkflowNotFoundError(
    `workflow ${workflowId} was deleted (custom_workflows no longer holds it); wfctl writes no versions of deleted workflows, and nothing was written`,
    {
      hint: 'its history stays readable: wfctl versions list, wfctl audit list --workflow',
    },
  );
}
export class VersionNotFoundError extends NotFoundError {}
export class ActionNotFoundError extends NotFoundError {}

/** Cancelled at a prompt ("no" to a confirmation): exit 130, "Cancelled; nothing was written." on stderr. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

/**
 * Ends the command with an exit status and no further message: the command
 * already printed what the user needs (a `check` breach, a doctor finding).
 */
export class ExitError extends Error {
  readonly exitCode: number;
  constructor(exitCode: number) {
    super(`exit ${exitCode}`);
    this.name = 'ExitError';
    this.exitCode = exitCode;
  }
}

/**
 * What a failed read or write says in words, as the system says it
 * (`ENOSPC` → "no space left on device"): Node's message is "CODE: words, syscall".
 */
export function systemErrorWords(err: unknown): string {
  const e = err as NodeJS.ErrnoException | undefined;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  const m = /^[A-Z][A-Z0-9_]+: ([^,]+)/.exec(message);
  if (m) return m[1]!;
  return e?.code ?? message;
}

/** A write to stdout or a file failed (a full disk, an I/O error, a file too large): exit 1. */
export class OutputWriteError extends RuntimeError {
  constructor(target: string, cause: unknown, detail = '') {
    super(`could not write ${target}: ${systemErrorWords(cause)}${detail}`, { cause });
  }
}

/** Whether `err` is the system's error of a failed read or write (ENOSPC, EIO, EFBIG, EDQUOT, ...), as opposed to a bug. */
export function isSystemIoError(err: unknown): err is NodeJS.ErrnoException {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return (
    typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) && typeof (err as NodeJS.ErrnoException).syscall === 'string'
  );
}
