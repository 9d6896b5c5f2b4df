/**
 * CSV writing, one rule for every CSV wfctl writes (--format csv of the table
 * commands, audit export --format csv):
 * - RFC 4180 by csv-stringify, CRLF record ends; a cell is quoted when it
 *   holds a comma, a double quote, or any control character (C0 with CR, LF
 *   and tab, DEL, C1) or U+2028/U+2029, so that every reader keeps it as data
 *   inside one field;
 * - a text cell a spreadsheet could run as a formula gets a leading
 *   apostrophe (OWASP's CSV injection guidance), at the cell start and at
 *   every line start inside the cell, in case a reader splits the cell's lines;
 *   numbers, booleans and dates are written as they are (a number is never a
 *   formula: -5 stays the number -5).
 */
import { createRequire } from 'node:module';

const requireCjs = createRequire(import.meta.url);
/** csv-stringify, loaded by the first CSV written: every other command skips it */
function stringify(...args: Parameters<typeof import('csv-stringify/sync').stringify>): string {
  return (requireCjs('csv-stringify/sync') as typeof import('csv-stringify/sync')).stringify(...args);
}

/**
 * The characters that make a cell quoted besides comma and quote. A RegExp:
 * csv-stringify tests it against every non-empty cell with `search` (a string
 * pattern would be a plain substring). Its own test for a lone CR or LF is off
 * whenever `record_delimiter` is set (it then quotes only a cell holding the
 * whole CRLF) unless `quote_record_delimiter` is true, which is set as well.
 */
export const CSV_QUOTED_MATCH = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** csv-stringify options of every CSV wfctl writes. */
export const CSV_WRITE_OPTIONS = {
  record_delimiter: '\r\n',
  quote_record_delimiter: true,
  quoted_match: CSV_QUOTED_MATCH,
  eof: true,
} as const;

/** --bom: a UTF-8 byte order mark, first in the output, for spreadsheets that guess the encoding without it. */
export const UTF8_BOM = '\uFEFF';

/**
 * What may start a formula, at the cell start and at a line start inside it:
 * OWASP's = + - @ TAB CR (Excel runs "+1+1", "-2+3" and "@SUM(A1)") and the
 * full-width forms Apple Numbers folds to them (as csv-stringify's
 * escape_formulas has it). Measured with LibreOffice 7.4
 * (test/data/core/csv.test.ts): only "=" starts a formula there, and a space,
 * NBSP or any other character before it makes text, so leading whitespace is
 * not looked through. A value's own leading apostrophe is left as it is.
 */
const CELL_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
// a CR at an inner line start is an empty line: the line after it is checked in turn
const LINE_START = /(\r\n|\r|\n)(?=[=+\-@\t\uFF1D\uFF0B\uFF0D\uFF20])/g;
const LINE_BREAK = /[\r\n]/;

/** "=1+1" → "'=1+1", "a\n=1+1" → "a\n'=1+1": shown as text by Excel, LibreOffice and Google Sheets. */
export function neutralizeFormula(cell: string): string {
  const lines = LINE_BREAK.test(cell) ? cell.replace(LINE_START, "$1'") : cell;
  return CELL_START.test(lines) ? `'${lines}` : lines;
}

/** Lone UTF-16 surrogates cannot be encoded as UTF-8: replace them, as TextEncoder would. */
export function wellFormed(text: string): string {
  return typeof (text as { toWellFormed?: () => string }).toWellFormed === 'function'
    ? (text as unknown as { toWellFormed(): string }).toWellFormed()
    : text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return neutralizeFormula(wellFormed(JSON.stringify(value)));
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return neutralizeFormula(wellFormed(String(value)));
}

/** What makes a cell quoted: comma, double quote, or CSV_QUOTED_MATCH. */
const NEEDS_QUOTES = /[",\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const QUOTE = /"/g;

/**
 * One record of cells already made safe (neutralizeFormula, wellFormed), as
 * csv-stringify writes it with CSV_WRITE_OPTIONS, CRLF included: the
 * export's row writer, without the library's per-call option handling
 * (test/data/core/csv.test.ts holds the two equal).
 */
export function csvLine(cells: readonly string[]): string {
  let out = '';
  for (let i = 0; i < cells.length; i++) {
    if (i > 0) out += ',';
    out += csvField(cells[i]!);
  }
  return `${out}\r\n`;
}

/** One cell already made safe, quoted when it must be, as csvLine writes it. */
export function csvField(cell: string): string {
  return NEEDS_QUOTES.test(cell) ? `"${cell.replace(QUOTE, '""')}"` : cell;
}

/** A whole small table as CSV text (header first). Large data uses a stream instead. */
export function toCsv(header: string[], rows: unknown[][]): string {
  return stringify([header, ...rows.map((r) => r.map(csvCell))], CSV_WRITE_OPTIONS);
}
