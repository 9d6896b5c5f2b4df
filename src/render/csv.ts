/**
 * CSV writing: RFC 4180 quoting by csv-stringify, and cells that a
 * spreadsheet would run as a formula neutralized with a leading apostrophe.
 */
import { stringify } from 'csv-stringify/sync';

const FORMULA_START = /^[=+\-@\t\r]/;

/** "=1+1" → "'=1+1": shown as text by Excel, LibreOffice and Google Sheets. */
export function neutralizeFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
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

/** A whole small table as CSV text (header first). Large data uses a stream instead. */
export function toCsv(header: string[], rows: unknown[][]): string {
  return stringify([header, ...rows.map((r) => r.map(csvCell))], { record_delimiter: '\r\n' });
}
