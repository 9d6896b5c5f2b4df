/** One self-rewriting progress line on stderr, only when stderr is a terminal. */
import type { IOStreams } from '../io.js';

export interface ProgressLine {
  update(written: number, total: number | null, elapsedMs: number): void;
  /** clears the line */
  done(): void;
}

export function formatRate(perSecond: number): string {
  return perSecond >= 10_000 ? `${Math.round(perSecond / 1000)}k/s` : `${Math.round(perSecond)}/s`;
}

export function progressText(noun: string, written: number, total: number | null, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? (written * 1000) / elapsedMs : 0;
  let text = `${written.toLocaleString('en-US')}${total !== null ? ` of ${total.toLocaleString('en-US')}` : ''} ${noun}, ${formatRate(rate)}`;
  if (total !== null && rate > 0 && total > written) text += `, about ${Math.ceil((total - written) / rate)}s left`;
  return text;
}

export function createProgressLine(io: IOStreams, noun: string): ProgressLine {
  if (!io.stderrInteractive) return { update: () => undefined, done: () => undefined };
  let shown = false;
  return {
    update(written, total, elapsedMs) {
      shown = true;
      io.err(`\r\x1b[K${progressText(noun, written, total, elapsedMs)}`);
    },
    done() {
      if (shown) io.err('\r\x1b[K');
      shown = false;
    },
  };
}
