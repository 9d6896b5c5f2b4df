/**
 * One table description, three renderings: an aligned table on a terminal,
 * tab-separated values with ISO times when piped (as gh does), and CSV.
 *
 * On a terminal a table fits its width: only the free-text columns (those
 * with a maxWidth, or `shrink: true`) are cut, widest first; ids, numbers and
 * times never are; then the droppable columns go. With io.wideTables (-o wide,
 * --no-trunc) every cell is whole and every column kept, as kubectl's -o wide
 * and docker's --no-trunc print them.
 */
import { createRequire } from 'node:module';
import type TableType from 'cli-table3';

const requireCjs = createRequire(import.meta.url);
import type { IOStreams } from '../io.js';
import { formatPercent, toCsv } from '../data/core/index.js';
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
  /**
   * A shrinkable column is not cut below this (default 8 cells, or its
   * header): a name that matters keeps enough to be read, and a less useful
   * droppable column goes first.
   */
  minWidth?: number;
  /**
   * May be cut (with "…") to fit the terminal's width, widest first, as gh
   * does; by default the columns with a maxWidth (the free-text ones). Ids
   * never are.
   */
  shrink?: boolean;
  /** Dates on a terminal: relative ("3 hours ago", the default) or absolute. */
  time?: 'relative' | 'absolute';
  /**
   * May be left out when the table does not fit the terminal even with the
   * free text cut, as kubectl leaves out wide columns: the highest number
   * first. Only on a terminal; piped and CSV output keep every column.
   */
  dropOrder?: number;
  /** Left out on a terminal when no row has a value (a RESTORES column with no rollback in the list). */
  hideWhenEmpty?: boolean;
  /**
   * The value is a percent (a number): on a terminal as formatPercent prints
   * it ("97.3%"), piped and in CSV as stored, with a % sign ("97.34%").
   */
  percent?: boolean;
}

/** A column's value as data (piped, CSV): a percent column's number with its % sign. */
function dataValue<R>(c: Column<R>, row: R): Cell {
  const v = c.value(row);
  return c.percent && typeof v === 'number' ? `${v}%` : v;
}

export type TableFormat = 'table' | 'csv';

export function renderTable<R>(io: IOStreams, columns: Column<R>[], rows: R[], format: TableFormat = 'table'): string {
  if (format === 'csv') {
    return toCsv(
      columns.map((c) => c.header),
      rows.map((r) => columns.map((c) => dataValue(c, r))),
    );
  }
  if (!io.stdoutIsTTY) return toTsv(columns, rows);
  const theme = createTheme(io.colorStdout);
  const makeTable = (columns: Column<R>[]) =>
    new (requireCjs('cli-table3') as typeof TableType)({
      head: columns.map((c) => theme.header(c.header.toUpperCase())),
      chars: {
        top: '',
        'top-mid': '',
        'top-left': '',
        'top-right': '',
        bottom: '',
        'bottom-mid': '',
        'bottom-left': '',
        'bottom-right': '',
        left: '',
        'left-mid': '',
        mid: '',
        'mid-mid': '',
        right: '',
        'right-mid': '',
        middle: '  ',
      },
      style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
      colAligns: columns.map((c) => c.align ?? 'left'),
    });
  const now = new Date();
  const all = rows.map((row) =>
    columns.map((c) => {
      const raw = c.value(row);
      const v = c.percent && typeof raw === 'number' ? formatPercent(raw) : raw;
      if (v === null || v === undefined || v === '') return null;
      const text =
        v instanceof Date
          ? c.time === 'absolute'
            ? `${isoTime(v).replace('T', ' ').slice(0, 19)} UTC`
            : relativeTime(v, now)
          : oneLine(String(v));
      return c.maxWidth && !io.wideTables ? cut(text, c.maxWidth) : text;
    }),
  );
  const nonEmpty = columns
    .map((_, i) => i)
    .filter((i) => !columns[i]!.hideWhenEmpty || all.some((row) => row[i] !== null));
  const kept = io.wideTables ? nonEmpty : keptColumns(columns, all, io.columns, nonEmpty);
  const texts = all.map((row) => kept.map((i) => row[i]!));
  const shown = kept.map((i) => columns[i]!);
  const widths = fitWidths(shown, texts, io.wideTables ? Infinity : io.columns);
  const table = makeTable(shown);
  for (const [r, row] of rows.entries()) {
    table.push(
      shown.map((c, i) => {
        const text = texts[r]![i];
        if (text === null || text === undefined) return theme.muted('-');
        const fitted = cut(text, widths[i]!);
        return c.style ? c.style(fitted, row, theme) : fitted;
      }),
    );
  }
  return `${table.toString()}\n`;
}

/**
 * The columns (by index) that make a table as wide as `available` or
 * narrower: every one, unless even the free text cut to its floor leaves it
 * too wide; then the droppable ones go, highest dropOrder first.
 */
function keptColumns<R>(
  columns: Column<R>[],
  texts: Array<Array<string | null>>,
  available: number,
  from: number[],
): number[] {
  let kept = from;
  const widthOf = (idx: number[]) => {
    const sub = idx.map((i) => columns[i]!);
    const widths = fitWidths(
      sub,
      texts.map((row) => idx.map((i) => row[i]!)),
      available,
    );
    return widths.reduce((a, b) => a + b, 0) + COLUMN_GAP * (idx.length - 1);
  };
  const droppable = columns
    .map((c, i) => ({ i, order: c.dropOrder }))
    .filter((x): x is { i: number; order: number } => x.order !== undefined)
    .sort((a, b) => b.order - a.order);
  for (const { i } of droppable) {
    if (widthOf(kept) <= available) break;
    kept = kept.filter((k) => k !== i);
  }
  return kept;
}

/** Cells of a table this narrow or narrower are never cut further. */
const MIN_SHRUNK_WIDTH = 8;
const COLUMN_GAP = 2;

/**
 * Column widths that fit the terminal: the natural widths, then the widest
 * shrinkable column cut one cell at a time until the table fits or nothing
 * shrinkable is left wider than its header and MIN_SHRUNK_WIDTH.
 */
export function fitWidths<R>(columns: Column<R>[], texts: Array<Array<string | null>>, available: number): number[] {
  const widths = columns.map((c, i) =>
    Math.max(displayWidth(c.header), 1, ...texts.map((row) => displayWidth(row[i] ?? '-'))),
  );
  const floor = columns.map((c) => Math.max(c.minWidth ?? MIN_SHRUNK_WIDTH, displayWidth(c.header)));
  const shrinkable = columns.map((c) => c.shrink ?? c.maxWidth !== undefined);
  let total = widths.reduce((a, b) => a + b, 0) + COLUMN_GAP * (columns.length - 1);
  while (total > available) {
    let widest = -1;
    for (let i = 0; i < columns.length; i++) {
      if (shrinkable[i] && widths[i]! > floor[i]! && (widest < 0 || widths[i]! > widths[widest]!)) widest = i;
    }
    if (widest < 0) break;
    widths[widest]!--;
    total--;
  }
  return widths;
}

/** Text cut to `width` display cells, with "…" in the last one when cut. */
function cut(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  let w = 0;
  for (const ch of text) {
    const cw = charWidth(ch.codePointAt(0)!);
    if (w + cw > width - 1) break;
    out += ch;
    w += cw;
  }
  return `${out}…`;
}

/** Cells a text takes in a terminal: wide East Asian characters and emoji take two, combining marks none. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += charWidth(ch.codePointAt(0)!);
  return w;
}

function charWidth(cp: number): number {
  if (cp < 0x300) return 1;
  // combining marks and zero-width characters
  if ((cp >= 0x300 && cp <= 0x36f) || (cp >= 0x200b && cp <= 0x200f) || cp === 0xfe0f || (cp >= 0xfe20 && cp <= 0xfe2f))
    return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

function toTsv<R>(columns: Column<R>[], rows: R[]): string {
  let out = '';
  for (const row of rows) {
    out += columns
      .map((c) => {
        const v = dataValue(c, row);
        if (v === null || v === undefined) return '';
        return v instanceof Date ? isoTime(v) : oneLine(String(v)).replace(/\t/g, ' ');
      })
      .join('\t');
    out += '\n';
  }
  return out;
}

/** Control characters (a tab included) and newlines would break a table row: show them escaped. */
export function oneLine(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);
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
      else if (v instanceof Date)
        text = io.stdoutIsTTY ? `${isoTime(v)} ${theme.muted(`(${relativeTime(v, now)})`)}` : isoTime(v);
      else text = oneLine(String(v));
      return `${theme.bold(`${k}:`.padEnd(width + 1))} ${text}`;
    })
    .join('\n')
    .concat('\n');
}
