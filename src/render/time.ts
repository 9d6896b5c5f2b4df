/** Times for people (relative, on a terminal) and for machines (ISO-8601 UTC). */

export function isoTime(d: Date | null | undefined): string {
  return d ? d.toISOString() : '';
}

/** "just now", "5 minutes ago", "3 days ago", "in 2 hours"; older than a year: the date. */
export function relativeTime(d: Date | null | undefined, now: Date = new Date()): string {
  if (!d) return '';
  const diff = now.getTime() - d.getTime();
  const future = diff < 0;
  const s = Math.abs(diff) / 1000;
  const fmt = (n: number, unit: string) => {
    const v = Math.floor(n);
    const text = `${v} ${unit}${v === 1 ? '' : 's'}`;
    return future ? `in ${text}` : `${text} ago`;
  };
  if (s < 45) return future ? 'in a few seconds' : 'just now';
  if (s < 3600) return fmt(Math.max(1, s / 60), 'minute');
  if (s < 86400) return fmt(s / 3600, 'hour');
  if (s < 30 * 86400) return fmt(s / 86400, 'day');
  if (s < 365 * 86400) return fmt(s / (30 * 86400), 'month');
  return d.toISOString().slice(0, 10);
}

/** "1.2s", "350ms", "2m 05s". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)}s`;
  const m = Math.floor(ms / 60_000);
  const sec = Math.round((ms % 60_000) / 1000);
  return `${m}m ${String(sec).padStart(2, '0')}s`;
}

/** UTC calendar day of a date: "2025-01-31". */
export function utcDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** How long something lasted, for people: "2s", "45m", "2h 05m", "6d 3h". */
export function formatLive(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  const d = Math.floor(h / 24);
  return `${d}d ${h % 24}h`;
}
