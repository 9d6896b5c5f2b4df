/**
 * One table description, three renderings: an aligned table on a terminal,
 * tab-separated values with ISO times when piped (as gh does), and CSV.
 */
import Table from 'cli-table3';
import type { IOStreams } from '../io.js';
import { toCsv } from './csv.js';
import { createTheme, type Theme } from './theme.js';
import { isoTime, relativeTime } from './time.js';

export type Cell = string | number | boolean | Date | null | undefined;

export interface Column<R> {
  /** Header on a terminal and in CSV. */
  header: string;
  value: (row: R) => Cell;
  align?: 'left' | 'right';
  /** Colour for the terminal rendering. */
  style?: (text: string, row: R, theme: Theme) => string;
  /** Longest text on a terminal before it is cut with "…". */
  maxWidth?: number;
  /** Dates on a terminal: relative ("3 hours ago", the default) or absolute. */
  time?: 'relative' | 'absolute';
}

export type TableFormat = 'table' | 'csv';

export function renderTable<R>(io: IOStreams, columns: Column<R>[], rows: R[], format: TableFormat = 'table'): string {
  if (format === 'csv') {
    return toCsv(
      columns.map((c) => c.header),
      rows.map((r) => columns.map((c) => c.value(r))),
    );
  }
  if (!io.stdoutIsTTY) return toTsv(columns, rows);
  const theme = createTheme(io.colorStdout);
  const table = new Table({
    head: columns.map((c) => theme.header(c.header.toUpperCase())),
    chars: {
      top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
      bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
      left: '', 'left-mid': '', mid: '', 'mid-mid': '',
      right: '', 'right-mid': '', middle: '  ',
    },
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
    colAligns: columns.map((c) => c.align ?? 'left'),
  });
  const now = new Date();
  for (const row of rows) {
    table.push(
      columns.map((c) => {
        const v = c.value(row);
        if (v === null || v === undefined || v === '') return theme.muted('-');
        let text = v instanceof Date ? (c.time === 'absolute' ? isoTime(v).replace('T', ' ').slice(0, 19) : relativeTime(v, now)) : oneLine(String(v));
        if (c.maxWidth && text.length > c.maxWidth) text = `${text.slice(0, c.maxWidth - 1)}…`;
        return c.style ? c.style(text, row, theme) : text;
      }),
    );
  }
  return `${table.toString()}\n`;
}

function toTsv<R>(columns: Column<R>[], rows: R[]): string {
  let out = '';
  for (const row of rows) {
    out += columns
      .map((c) => {
        const v = c.value(row);
        if (v === null || v === undefined) return '';
        return v instanceof Date ? isoTime(v) : oneLine(String(v)).replace(/\t/g, ' ');
      })
      .join('\t');
    out += '\n';
  }
  return out;
}

/** Control characters and newlines would break a table row: show them escaped. */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\r?\n/g, ' ').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Two-column "key: value" block for `show` commands. */
export function renderKeyValues(io: IOStreams, pairs: Array<[string, Cell]>): string {
  const theme = createTheme(io.colorStdout);
  const width = Math.max(...pairs.map(([k]) => k.length));
  const now = new Date();
  return pairs
    .map(([k, v]) => {
      let text: string;
      if (v === null || v === undefined || v === '') text = theme.muted('-');
      else if (v instanceof Date) text = io.stdoutIsTTY ? `${isoTime(v)} ${theme.muted(`(${relativeTime(v, now)})`)}` : isoTime(v);
      else text = oneLine(String(v));
      return `${theme.bold(`${k}:`.padEnd(width + 1))} ${text}`;
    })
    .join('\n')
    .concat('\n');
}
