/**
 * Server errors recognised by their code and labels, never by their text:
 * MongoDB's own codes, and the codes a PostgreSQL-based server (FerretDB 2
 * with DocumentDB) passes through from PostgreSQL, whose messages differ.
 *
 * Such a server reports a PostgreSQL error it does not translate with the
 * error's SQLSTATE packed into a number the way PostgreSQL packs it
 * (MAKE_SQLSTATE: six bits per character, the first character lowest):
 * "40P01" (deadlock_detected) is 16908292.
 */

/** PostgreSQL's number for a five-character SQLSTATE (its MAKE_SQLSTATE). */
export function sqlstateCode(sqlstate: string): number {
  if (!/^[0-9A-Z]{5}$/.test(sqlstate)) throw new Error(`not a SQLSTATE: ${sqlstate}`);
  let code = 0;
  for (let i = 0; i < 5; i++) code += ((sqlstate.charCodeAt(i) - 48) & 0x3f) * 2 ** (6 * i);
  return code;
}

/** MongoDB's WriteConflict: two writes to the same document at once, one of them lost. */
export const WRITE_CONFLICT_CODE = 112;
/** MongoDB's MaxTimeMSExpired: the server's time limit (maxTimeMS) ran out. */
export const MAX_TIME_MS_EXPIRED_CODE = 50;

/**
 * Write conflicts: the statement was rolled back and wrote nothing, and the
 * same write a moment later normally goes through.
 */
export const WRITE_CONFLICT_CODES: ReadonlyMap<number, string> = new Map([
  [WRITE_CONFLICT_CODE, 'WriteConflict'],
  [sqlstateCode('40P01'), 'deadlock detected, SQLSTATE 40P01'],
  [sqlstateCode('40001'), 'serialization failure, SQLSTATE 40001'],
]);

/**
 * The server's time limit ran out: MongoDB's MaxTimeMSExpired, and the
 * statement timeout a PostgreSQL-based server sets from maxTimeMS
 * ("canceling statement due to statement timeout", SQLSTATE 57014).
 */
export const TIME_LIMIT_CODES: ReadonlyMap<number, string> = new Map([
  [MAX_TIME_MS_EXPIRED_CODE, 'MaxTimeMSExpired'],
  [sqlstateCode('57014'), 'statement timeout, SQLSTATE 57014'],
]);

/** The label MongoDB puts on an error that a new try of the same write may cure. */
export const TRANSIENT_TRANSACTION_LABEL = 'TransientTransactionError';

interface CodedError {
  code?: unknown;
  codeName?: unknown;
  hasErrorLabel?: (label: string) => boolean;
  errorLabels?: unknown;
  writeErrors?: unknown;
  cause?: unknown;
}

function codeOf(err: unknown): number | undefined {
  const code = (err as CodedError | null | undefined)?.code;
  return typeof code === 'number' ? code : undefined;
}

function hasLabel(err: CodedError, label: string): boolean {
  if (typeof err.hasErrorLabel === 'function') return err.hasErrorLabel(label);
  return Array.isArray(err.errorLabels) && err.errorLabels.includes(label);
}

/** The codes of a bulk write's failed operations (empty for any other error). */
function writeErrorCodes(err: CodedError): number[] {
  const list = err.writeErrors;
  if (!Array.isArray(list)) return [];
  return list.map((w) => codeOf(w) ?? NaN);
}

/**
 * A write that lost a conflict with another write at the same moment, by its
 * code (WriteConflict, or PostgreSQL's deadlock or serialization failure) or
 * MongoDB's TransientTransactionError label; a bulk write when every one of
 * its failed operations is such a conflict. The code of the conflict, or
 * undefined when it is none.
 */
export function writeConflictCode(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as CodedError;
  // a bulk write's code is its first failure's: all of them decide
  const bulk = writeErrorCodes(e);
  if (bulk.length > 0) return bulk.every((c) => WRITE_CONFLICT_CODES.has(c)) ? bulk[0] : undefined;
  const code = codeOf(e);
  if (code !== undefined && WRITE_CONFLICT_CODES.has(code)) return code;
  if (hasLabel(e, TRANSIENT_TRANSACTION_LABEL)) return code ?? WRITE_CONFLICT_CODE;
  // a driver error wrapping the server's
  const cause = codeOf(e.cause);
  if (cause !== undefined && WRITE_CONFLICT_CODES.has(cause)) return cause;
  return undefined;
}

export function isWriteConflict(err: unknown): boolean {
  return writeConflictCode(err) !== undefined;
}

/** The server stopped the operation at its time limit (maxTimeMS), by code. */
export function isTimeLimitError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as CodedError;
  const code = codeOf(e);
  if (code !== undefined && TIME_LIMIT_CODES.has(code)) return true;
  return e.codeName === 'MaxTimeMSExpired';
}

/** "code 112, WriteConflict": how a message names the server's code. */
export function describeCode(code: number, names: ReadonlyMap<number, string>): string {
  const name = names.get(code);
  return name ? `code ${code}, ${name}` : `code ${code}`;
}
