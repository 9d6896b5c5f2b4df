/**
 * Long text for a person (a full diff) goes through a pager, the way git
 * does it: $WFCTL_PAGER, else $PAGER, else `less -FRX` (quits at once when
 * the text fits the screen, keeps colours, leaves the text on the screen).
 * An empty pager or `cat` means no pager, and so does a stdout that is not a
 * terminal. A pager that cannot be started: the text is printed as it is.
 * While the pager runs, Ctrl-C is the pager's (it does not stop wfctl).
 */
import { spawn } from 'node:child_process';
import type { Interrupts } from './interrupt.js';
import type { IOStreams } from './io.js';

/** The pager command for this stdout, or null for "print it as it is". */
export function pagerCommand(io: Pick<IOStreams, 'stdoutIsTTY' | 'env'>): string | null {
  if (!io.stdoutIsTTY) return null;
  const configured = io.env.WFCTL_PAGER ?? io.env.PAGER;
  const command = configured === undefined ? 'less -FRX' : configured.trim();
  return command === '' || command === 'cat' ? null : command;
}

/** Shows `text` through the pager (see the module comment); resolves when the pager has quit. */
export async function page(io: IOStreams, interrupts: Interrupts, text: string): Promise<void> {
  const command = pagerCommand(io);
  // a pager writes to the terminal itself: only when stdout is the process's own (not a capture)
  const fd = (io.stdout as { fd?: unknown }).fd;
  if (command === null || typeof fd !== 'number') return io.out(text);
  const shown = await interrupts.whileChildRuns(() => runPager(command, text, io.env));
  if (!shown) io.out(text);
}

/** True when the pager ran; false when it could not be started (the shell's 127, or no shell). */
function runPager(command: string, text: string, env: IOStreams['env']): Promise<boolean> {
  return new Promise((resolve) => {
    // as git: LESS=FRX and LV=-c unless the user set them
    const child = spawn('sh', ['-c', command], {
      stdio: ['pipe', 'inherit', 'inherit'],
      env: { ...env, LESS: env.LESS ?? 'FRX', LV: env.LV ?? '-c' },
    });
    child.on('error', () => resolve(false));
    // quitting the pager before the end closes the pipe: not an error
    child.stdin.on('error', () => undefined);
    child.stdin.end(text);
    child.on('close', (code) => resolve(code !== 127));
  });
}
