/**
 * A spinner on stderr while a slow read runs, only when a person watches
 * (stdout and stderr are terminals, not CI). ora is loaded only then.
 */
import type { IOStreams } from '../io.js';

export interface Spinner {
  update(text: string): void;
  stop(): void;
}

const NONE: Spinner = { update: () => undefined, stop: () => undefined };

export async function startSpinner(io: IOStreams, text: string): Promise<Spinner> {
  // a terminal that reports no width (script, some CI consoles) would make ora's line clearing spin forever
  const columns = (io.stderr as { columns?: number }).columns;
  if (!io.showProgress || !columns || columns < 20) return NONE;
  const { default: ora } = await import('ora');
  const spinner = ora({ text, stream: io.stderr, color: 'cyan', isEnabled: true, discardStdin: false }).start();
  return {
    update: (t) => {
      spinner.text = t;
    },
    stop: () => spinner.stop(),
  };
}

/** Runs `work` with a spinner showing `text`; the spinner is gone before anything is printed. */
export async function withSpinner<T>(io: IOStreams, text: string, work: () => Promise<T>): Promise<T> {
  const spinner = await startSpinner(io, text);
  try {
    return await work();
  } finally {
    spinner.stop();
  }
}
