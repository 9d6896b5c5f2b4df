/**
 * Ctrl-C (SIGINT), decided once for the whole program. The first Ctrl-C says
 * "stopping..." on stderr and then either asks the commands that registered
 * a stop (an export: stop reading, remove its temporary file, release its
 * lock, end with exit 130) or, when none did (a scan, a read), exits 130 at
 * once: a read leaves nothing behind. A second Ctrl-C, or a stop that takes
 * longer than STOP_GRACE_MS, exits 130 at once. While a child program holds
 * the terminal (the pager), Ctrl-C is the child's. Prompts read the keys in
 * raw mode and see Ctrl-C themselves. Only the executable (main.ts run())
 * listens for the signal; in-process tests never trigger it.
 */

/** How long a registered stop may take before the program exits anyway. */
export const STOP_GRACE_MS = 5_000;

export class Interrupts {
  private readonly stops = new Set<() => void>();
  private childRunning = 0;
  private stoppingSince: number | null = null;

  constructor(
    private readonly say: (text: string) => void,
    private readonly exit: (code: number) => void,
  ) {}

  /** True once Ctrl-C was pressed. */
  get stopping(): boolean {
    return this.stoppingSince !== null;
  }

  /** Ctrl-C calls `stop` instead of exiting; the command then ends on its own (with exit 130). Returns the unregistration. */
  onInterrupt(stop: () => void): () => void {
    this.stops.add(stop);
    return () => void this.stops.delete(stop);
  }

  /** Runs `fn` (a child program at the terminal) with Ctrl-C left to the child. */
  async whileChildRuns<T>(fn: () => Promise<T>): Promise<T> {
    this.childRunning++;
    try {
      return await fn();
    } finally {
      this.childRunning--;
    }
  }

  /** What SIGINT does. */
  interrupt(): void {
    if (this.childRunning > 0) return;
    if (this.stoppingSince !== null) return this.exit(130);
    this.stoppingSince = Date.now();
    this.say('stopping...\n');
    if (this.stops.size === 0) return this.exit(130);
    for (const stop of [...this.stops]) stop();
    setTimeout(() => this.exit(130), STOP_GRACE_MS).unref();
  }
}
