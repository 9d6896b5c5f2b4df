/**
 * Parsers for option values, used at the edge (commander's argParser) so that
 * commands and the data layer receive typed, validated values. Each throws a
 * message saying what was wrong and what is accepted. They are strict: a value
 * is taken as typed, never trimmed, so "1 ", " 1", "", "+1", "1e0" and "0x1"
 * are refused (exit 2) rather than read as something else; an empty value
 * (an unset $VAR) is never taken for "not given".
 */
import { InvalidArgumentError } from 'commander';
import { parseVersionRef, VERSION_REF_HINT, type VersionRef } from './data/versions/ref.js';
import { UsageError, WfctlError } from './errors.js';
import { DATABASE_NAME_RULE, isDatabaseName } from './config.js';
import { quoteInput } from './quote.js';
import { CONTEXT_NAME_RULE, isContextName } from './config-file.js';
import { MIN_MAX_STALENESS_SECONDS, parseTagSet } from './data/core/read-preference.js';

const SPAN_RE = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/i;
const SPAN_UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};
const ISO_DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATETIME_RE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?$/i;

/** The longest span any --days/--window accepts: 10 years. */
export const MAX_DAYS = 3650;

export const TIME_FORMS_HINT =
  'accepted: an ISO-8601 date or time (2025-01-31, 2025-01-31T12:00:00Z) or a span before now (30m, 24h, 7d, 2w)';

/** Parses "30m", "24h", "7d", "2w", "90s" into milliseconds; undefined if not a span. */
export function parseSpanMs(text: string): number | undefined {
  const m = SPAN_RE.exec(text);
  if (!m || m[1] === undefined || m[2] === undefined) return undefined;
  const n = Number(m[1]);
  const unit = SPAN_UNITS[m[2].toLowerCase()];
  if (unit === undefined || !Number.isFinite(n)) return undefined;
  return Math.round(n * unit);
}

/**
 * A point in time: an ISO-8601 date (UTC midnight), an ISO date-time (UTC when
 * no offset is given) or a span before `now`.
 */
export function parseTimeSpec(t: string, now: Date = new Date()): Date | undefined {
  const span = parseSpanMs(t);
  if (span !== undefined) return new Date(now.getTime() - span);
  if (ISO_DATE_RE.test(t)) {
    const d = new Date(`${t}T00:00:00Z`);
    return validDate(d, t);
  }
  if (ISO_DATETIME_RE.test(t)) {
    const hasZone = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(t);
    const d = new Date(hasZone ? t.replace(' ', 'T') : `${t.replace(' ', 'T')}Z`);
    return validDate(d, t);
  }
  return undefined;
}

function validDate(d: Date, text: string): Date | undefined {
  if (Number.isNaN(d.getTime())) return undefined;
  // reject 2025-02-31 and friends, which Date would roll over silently
  const day = text.slice(0, 10);
  if (d.toISOString().slice(0, 10) !== day && !/[+-]\d{2}:?\d{2}$/.test(text)) return undefined;
  return d;
}

// ---- commander argParsers -------------------------------------------------

/** A --since/--until parser whose spans (7d, 24h) count back from `now()` (the command's now: WFCTL_NOW or the clock). */
export function timeArgAt(now: () => Date): (value: string) => Date {
  return (value) => {
    const d = parseTimeSpec(value, now());
    if (!d) throw new InvalidArgumentError(`${quoteInput(value)} is not a date, time or span; ${TIME_FORMS_HINT}.`);
    return d;
  };
}

export function spanArg(value: string): number {
  const ms = parseSpanMs(value);
  if (ms === undefined || ms <= 0) {
    throw new InvalidArgumentError(
      `${quoteInput(value)} is not a span; accepted: a positive number with a unit, as in 30m, 24h, 7d, 2w.`,
    );
  }
  if (ms > MAX_DAYS * 86_400_000)
    throw new InvalidArgumentError(`${quoteInput(value)} is longer than ${MAX_DAYS} days.`);
  return ms;
}

export function daysArg(value: string): number {
  if (!/^\d+$/.test(value)) {
    throw new InvalidArgumentError(`${quoteInput(value)} is not a whole number of days; accepted: 1 to ${MAX_DAYS}.`);
  }
  const n = Number(value);
  if (n < 1 || n > MAX_DAYS) throw new InvalidArgumentError(`${n} is out of range; accepted: 1 to ${MAX_DAYS} days.`);
  return n;
}

export function positiveIntArg(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError(`${quoteInput(value)} is not a positive whole number.`);
  }
  return Number(value);
}

/** --read-preference-tags, repeatable: each value one tag set in the driver's form (dc:east,use:analytics; '' for any member). */
export function readPreferenceTagsArg(value: string, previous: string[] | undefined): string[] {
  try {
    parseTagSet(value);
  } catch (err) {
    throw new InvalidArgumentError(`${(err as Error).message}.`);
  }
  return [...(previous ?? []), value];
}

/** --max-staleness: whole seconds, at least the driver's floor of 90. */
export function maxStalenessArg(value: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) < MIN_MAX_STALENESS_SECONDS) {
    throw new InvalidArgumentError(
      `${quoteInput(value)} is not a whole number of seconds of at least ${MIN_MAX_STALENESS_SECONDS} (the driver's smallest max staleness).`,
    );
  }
  return Number(value);
}

export function nonNegativeIntArg(value: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError(`${quoteInput(value)} is not a whole number (0 or more).`);
  }
  return Number(value);
}

/** A plain decimal number: 16, 99.5, .5; not 0x10, 1e2, +1, " 1", Infinity or an empty string (which Number() would all take). */
const DECIMAL = /^(?:\d+(?:\.\d+)?|\.\d+)$/;

/**
 * A percentage, 0 to 100, for the option named `flag` ("95", "95%", "0.95%").
 * A value in (0, 1] without a % sign is refused: it is far more often a
 * ratio (the Prometheus output and most monitoring tools use 0 to 1) than a
 * threshold of under 1 %, and read as a percent it would let every check pass.
 * "0.95%" says 0.95 % explicitly. The error is a UsageError (exit 2) with the
 * spelling to use; other bad values are commander's "is invalid" line.
 */
export function percentArgOf(flag: string): (value: string) => number {
  return (value) => {
    const signed = value.endsWith('%');
    const digits = signed ? value.slice(0, -1) : value;
    const n = Number(digits);
    if (!DECIMAL.test(digits) || n < 0 || n > 100) {
      throw new InvalidArgumentError(
        `${quoteInput(value)} is not a percentage; accepted: a number from 0 to 100, with or without a % sign (95, 95%, 0.5%).`,
      );
    }
    if (!signed && n > 0 && n <= 1) {
      const asPercent = Number((n * 100).toPrecision(12));
      throw new UsageError(`${flag} ${value} looks like a ratio (0 to 1), but ${flag} is a percentage (0 to 100)`, {
        hint: `percent: did you mean ${flag} ${asPercent}? (${flag} ${value}% means ${value} %)`,
      });
    }
    return n;
  };
}

/** A confidence level for the statistical checks: strictly between 0.5 and 0.999. */
export function confidenceArg(value: string): number {
  const n = Number(value);
  if (!DECIMAL.test(value) || !(n > 0.5 && n < 0.999)) {
    throw new InvalidArgumentError(
      `${quoteInput(value)} is not a confidence level; accepted: a number between 0.5 and 0.999, both excluded (e.g. 0.95).`,
    );
  }
  return n;
}

export function secondsArg(value: string): number {
  const n = Number(value);
  if (!DECIMAL.test(value) || n <= 0 || n > 3600) {
    throw new InvalidArgumentError(
      `${quoteInput(value)} is not a number of seconds; accepted: a number greater than 0, at most 3600.`,
    );
  }
  return n;
}

/** "a,b , c" → ["a","b","c"]; repeated flags accumulate. An empty item ("a,,b", "a,", "") is refused: an unset $VAR, not a value. */
export function listArg(value: string, previous: string[] | undefined): string[] {
  const items = value.split(',').map((s) => s.trim());
  if (items.some((s) => s.length === 0)) {
    throw new InvalidArgumentError(
      `${quoteInput(value)} has an empty item; accepted: one or more comma-separated values (a,b,c).`,
    );
  }
  return [...(previous ?? []), ...items];
}

export function choiceArg<T extends string>(choices: readonly T[], what: string) {
  return (value: string): T => {
    if ((choices as readonly string[]).includes(value)) return value as T;
    throw new InvalidArgumentError(`unknown ${what} ${quoteInput(value)}; accepted: ${choices.join(', ')}.`);
  };
}

/** A version argument: a number, current, or current~N (see data/versions/ref.ts); as typed, not trimmed. */
export function versionRefArg(value: string): VersionRef {
  if (value.trim() !== value || value === '')
    throw new InvalidArgumentError(`${quoteInput(value)} is not a version; ${VERSION_REF_HINT}.`);
  try {
    return parseVersionRef(value);
  } catch (err) {
    if (err instanceof WfctlError) throw new InvalidArgumentError(`${err.message}.`);
    throw err;
  }
}

/** Free text (a name, a search, a user id): anything but empty or blank, which would read as "not given". */
export function textArg(value: string): string {
  if (value.trim() === '')
    throw new InvalidArgumentError(`${quoteInput(value)} is empty; give a value, or leave the option out.`);
  return value;
}

/** A file path: not empty (an empty path is an unset $VAR, not "stdout" or "the default"). */
export function pathArg(value: string): string {
  if (value === '') throw new InvalidArgumentError('"" is not a path; give a file name, or leave the option out.');
  return value;
}

/** --db: a name MongoDB accepts. */
export function dbNameArg(value: string): string {
  if (!isDatabaseName(value))
    throw new InvalidArgumentError(`${quoteInput(value)} is not a database name; ${DATABASE_NAME_RULE}.`);
  return value;
}

/** --uri: not empty (else an unset $VAR would connect to another server); the rest is checked with the environment's (config.ts), never echoed. */
export function uriArg(value: string): string {
  if (value.trim() === '')
    throw new InvalidArgumentError(
      `${quoteInput(value)} is empty; give a connection string (mongodb://host/db), or leave --uri out.`,
    );
  return value;
}

/** The acting user: a user name as typed, not empty, without spaces around it or control characters (it is recorded on every write). */
export function userArg(value: string): string {
  // control characters in a recorded name would forge lines in logs and audit views
  if (value.trim() === '' || value.trim() !== value || /[\x00-\x1f\x7f]/.test(value)) {
    throw new InvalidArgumentError(
      `${quoteInput(value)} is not a user name; accepted: a non-empty name without spaces around it or control characters.`,
    );
  }
  return value;
}

/**
 * --mode: a file's permission bits in octal, 3 or 4 digits (600, 0640); the
 * set-id and sticky bits are refused (a data file has no use for them), and
 * so is a mode that keeps the owner from reading the file.
 */
export function fileModeArg(value: string): number {
  const v = value;
  if (!/^[0-7]{3,4}$/.test(v))
    throw new InvalidArgumentError(
      `${quoteInput(value)} is not a file mode: expected permission bits in octal, 3 or 4 digits (600, 640, 0644).`,
    );
  const mode = parseInt(v, 8);
  if (mode > 0o777)
    throw new InvalidArgumentError(
      `${quoteInput(value)} sets the set-id or sticky bits: expected permission bits only (600, 640, 0644).`,
    );
  if ((mode & 0o400) === 0)
    throw new InvalidArgumentError(
      `${quoteInput(value)} keeps the owner from reading the file: expected 600, 640, 0644 or the like.`,
    );
  return mode;
}

/** --context, --expect-context and the context verbs' NAME: a plain word (config-file.ts). */
export function contextNameArg(value: string): string {
  if (!isContextName(value))
    throw new InvalidArgumentError(`${quoteInput(value)} is not a context name; ${CONTEXT_NAME_RULE}.`);
  return value;
}
