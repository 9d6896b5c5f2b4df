/**
 * The flags the audit verbs share: the record filter (--workflow, --user,
 * --event-type, --since, --until), the export formats and --settle. The
 * lowest file of commands/audit: the verbs import it, it imports none of them.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { listArg, parseSpanMs, textArg, timeArgAt } from '../../options.js';
import { quoteInput } from '../../quote.js';

export interface AuditFilterFlags {
  workflow?: string;
  user?: string;
  eventType?: string[];
  since?: Date;
  until?: Date;
}

export const EXPORT_FORMATS = ['ndjson', 'json', 'csv'] as const;

/** --settle: 0, or a span (30s, 5m); a plain number is seconds. */
export function settleArg(value: string): number {
  if (/^\d+(?:\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const ms = parseSpanMs(value);
  if (ms === undefined)
    throw new InvalidArgumentError(
      `${quoteInput(value)} is not a settle window; accepted: seconds (60) or a span (30s, 5m, 1h).`,
    );
  if (ms > 7 * 86_400_000) throw new InvalidArgumentError(`${quoteInput(value)} is longer than 7 days.`);
  return ms;
}

/** Adds the filter flags; spans such as --since 7d count back from `now()` (the command's now). */
export function addFilterOptions(cmd: Command, what: string, now: () => Date): Command {
  const timeArg = timeArgAt(now);
  return cmd
    .option(
      '--workflow <workflow>',
      `only ${what} of this workflow (id, id prefix, or name when unique; a deleted workflow's full id works too)`,
      textArg,
    )
    .option('--user <user>', `only ${what} of this user id (plain text)`, textArg)
    .addOption(
      new Option('--event-type <types>', `only ${what} of these event types (comma-separated, repeatable)`).argParser(
        listArg,
      ),
    )
    .addOption(
      new Option(
        '--since <time>',
        'from this time, inclusive (2025-01-31, 2025-01-31T12:00:00Z, or 7d, 24h)',
      ).argParser(timeArg),
    )
    .addOption(new Option('--until <time>', 'up to this time, exclusive (same forms as --since)').argParser(timeArg));
}

/** The flags as the verbs take them (--user here is the filter: the root hook splits it from the acting user). */
export function filterInput(opts: AuditFilterFlags) {
  return {
    ...(opts.workflow !== undefined ? { workflow: opts.workflow } : {}),
    ...(opts.user !== undefined ? { user: opts.user } : {}),
    ...(opts.eventType !== undefined ? { eventTypes: opts.eventType } : {}),
    ...(opts.since !== undefined ? { since: opts.since } : {}),
    ...(opts.until !== undefined ? { until: opts.until } : {}),
  };
}

export type AuditFilterInput = ReturnType<typeof filterInput>;
