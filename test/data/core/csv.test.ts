/**
 * Every CSV wfctl writes (table commands' --format csv, audit export --format
 * csv) against a corpus of hostile cell values, read back by independent
 * readers: Python's csv module (test/reference/csv_reference.py), wfctl's own
 * verify reader, and LibreOffice Calc (headless xlsx and ods conversions, read
 * with Python's zipfile): the exact rows, fields and values, no formula cell,
 * and `audit verify` passing, with and without --bom.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_OPTIONS, CsvRecordReader } from '../../../src/data/audit/index.js';
import { csvLine, neutralizeFormula, toCsv } from '../../../src/data/core/index.js';
import { prng } from '../../support/generator.js';
import { runCli } from '../../support/cli.js';
import { useTestDatabase } from '../../support/db.js';
import { convertCsv, CSV_UTF8_IMPORT, findSoffice } from '../../support/libreoffice.js';
import { runPython } from '../../support/python.js';

const db = useTestDatabase('csv_hostile');
const dir = mkdtempSync(join(tmpdir(), 'wfctl-csv-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One cell value each; every audit record and every version carries one of them in its text fields. */
const HOSTILE: readonly string[] = [
  '=2*21',
  '+2*21',
  '-2+3',
  '@SUM(A1)',
  '+1+1',
  "=cmd|' /C calc'!A0",
  '\t=2*21',
  '\r=2*21',
  '\n=2*21',
  'Mozilla/5.0\n=2*21',
  "Mozilla/5.0\n=cmd|' /C calc'!A0",
  'Mozilla/5.0\r=2*21',
  'Mozilla/5.0\r\n@SUM(A1)',
  'first line\n+1+1\n-2+3\n\t=2*21',
  'lone\rCR',
  'lone\nLF',
  'windows\r\nline end',
  'blank\r\n\r\nlines\n\n',
  'a\tb',
  '\t',
  '\uFF1D2*21', // full-width = + - @
  '\uFF0B1',
  '\uFF0D1',
  '\uFF20SUM(A1)',
  ' =2*21',
  'say "hi", then go',
  '"',
  'a,b,c',
  'שלום עולם \u202Eevil\u202C', // right-to-left text and an RTL override
  '👩‍💻 emoji 🎉',
  'nul\u0000byte',
  'bell\u0007 esc\u001b[31m del\u007f',
  'c1 \u0085 next line \u009b csi',
  'line\u2028separator',
  '',
  "'=already text",
  '-5',
];
// the _seq and version columns count 1..N: below 42, a cell reading 42 can only be an evaluated 2*21
if (HOSTILE.length >= 42) throw new Error('keep the hostile corpus under 42 values');

const WF = new ObjectId();
const base = new Date('2025-01-10T00:00:00Z');
const ids = HOSTILE.map(() => new ObjectId());
const at = (i: number) => new Date(base.getTime() + i * 1000);
const UNTIL = '2025-06-01';
const AUDIT_HEADER = [
  '_id',
  'timestamp',
  'event_type',
  'workflow_id',
  'user_id',
  'ip_address',
  'user_agent',
  'details',
  'metadata',
  'extra',
  '_seq',
  '_chain',
];
const BOM = '\uFEFF';

/** What wfctl writes for a text value: the formula guard, computed by the Python reference from the documented rule. */
let guarded: string[] = [];

beforeAll(async () => {
  await db.ds.audit.insertMany(
    HOSTILE.map((v, i) => ({
      _id: ids[i]!,
      event_type: v,
      workflow_id: v,
      user_id: v,
      details: { value: v },
      metadata: { value: v },
      timestamp: at(i),
      ip_address: v,
      user_agent: v,
    })),
  );
  await db.ds.workflows.insertOne({
    _id: WF,
    name: 'Hostile',
    trigger: { trigger_type: 'manual', config: {} },
    actions: [],
    enabled: true,
  } as never);
  await db.ds.versions.insertMany(
    HOSTILE.map((v, i) => ({
      workflow_id: WF.toHexString(),
      version_number: i + 1,
      workflow_data: {},
      change_description: v,
      changed_by: v,
      changed_at: at(i),
      is_current: i === HOSTILE.length - 1,
    })) as never,
  );
  guarded = JSON.parse(runPython('test/reference/csv_reference.py', ['guard'], JSON.stringify(HOSTILE))) as string[];
});

interface Parsed {
  bom: boolean;
  rows: string[][];
}
const pythonCsv = (file: string): Parsed =>
  JSON.parse(runPython('test/reference/csv_reference.py', ['parse', file])) as Parsed;

function verifyReaderRows(text: string): string[][] {
  const rows: string[][] = [];
  const r = new CsvRecordReader((c) => rows.push(c));
  r.push(text);
  r.end();
  return rows;
}

/** The documented apostrophe taken off again: at the cell start and after each CR, LF or CRLF, before = + - @ TAB CR (and full width). */
const unguard = (cell: string) => cell.replace(/(^|\r\n|\r|\n)'(?=[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20])/g, '$1');
/** Values the guard is reversible for: they have no apostrophe of their own at a line start. */
const reversible = (v: string) => !/(^|[\r\n])'/.test(v);

const env = () => ({ ...db.env, WFCTL_EXPORT_HMAC_KEY: '' });
const file = (name: string) => join(dir, name);

async function exportCsv(name: string, extra: string[] = []): Promise<string> {
  const out = file(name);
  const r = await runCli(['audit', 'export', '--until', UNTIL, '--format', 'csv', '-o', out, ...extra], { env: env() });
  expect(r.code, r.stderr).toBe(0);
  return out;
}

async function versionsCsv(name: string, extra: string[] = []): Promise<string> {
  // the hostile values are in the text columns; the health figures (numbers) are tested with versions list
  const r = await runCli(['versions', 'list', WF.toHexString(), '--format', 'csv', '--no-health', ...extra], {
    env: db.env,
  });
  expect(r.code, r.stderr).toBe(0);
  writeFileSync(file(name), r.stdout);
  return file(name);
}

function expectAuditRows(rows: string[][]): void {
  expect(rows).toHaveLength(HOSTILE.length + 1);
  expect(rows[0]).toEqual(AUDIT_HEADER);
  HOSTILE.forEach((v, i) => {
    const row = rows[i + 1]!;
    expect(row, JSON.stringify(v)).toHaveLength(12);
    expect(row[0]).toBe(ids[i]!.toHexString());
    expect(row[1]).toBe(at(i).toISOString());
    for (const c of [2, 3, 4, 5, 6]) expect(row[c], `${AUDIT_HEADER[c]} of ${JSON.stringify(v)}`).toBe(guarded[i]);
    if (reversible(v)) expect(unguard(row[6]!)).toBe(v);
    expect(JSON.parse(row[7]!)).toEqual({ value: v });
    expect(JSON.parse(row[8]!)).toEqual({ value: v });
    expect(row[9]).toBe('');
    expect(row[10]).toBe(String(i + 1));
    expect(row[11]).toMatch(/^[0-9a-f]{64}$/);
  });
}

const VERSIONS_HEADER = [
  'version',
  'current',
  'changed at',
  'changed by',
  'description',
  'restores',
  'reason',
  'authenticated user',
];

function expectVersionRows(rows: string[][]): void {
  expect(rows).toHaveLength(HOSTILE.length + 1);
  expect(rows[0]).toEqual(VERSIONS_HEADER);
  // newest first
  [...HOSTILE].reverse().forEach((v, k) => {
    const i = HOSTILE.length - 1 - k;
    const row = rows[k + 1]!;
    expect(row, JSON.stringify(v)).toEqual([
      String(i + 1),
      i === HOSTILE.length - 1 ? '*' : '',
      at(i).toISOString(),
      guarded[i],
      guarded[i],
      '',
      '',
      '',
    ]);
    if (reversible(v)) expect(unguard(row[4]!)).toBe(v);
  });
}

describe('csvLine, the export row writer', () => {
  it('writes every row exactly as csv-stringify does with the same options: hostile values and 5,000 random rows', () => {
    const random = prng(99);
    const alphabet = [
      'a',
      ',',
      '"',
      '""',
      '\r',
      '\n',
      '\r\n',
      '\t',
      ' ',
      '\u0000',
      '\u007f',
      '\u0085',
      '\u2028',
      '\u2029',
      'é',
      '😀',
      "'",
      '=',
      ';',
    ];
    const rows: string[][] = [[...HOSTILE], ['', ''], ['']];
    for (let i = 0; i < 5000; i++)
      rows.push(
        Array.from({ length: 1 + Math.floor(random() * 5) }, () =>
          Array.from(
            { length: Math.floor(random() * 6) },
            () => alphabet[Math.floor(random() * alphabet.length)]!,
          ).join(''),
        ),
      );
    for (const row of rows) expect(csvLine(row), JSON.stringify(row)).toBe(stringify([row], CSV_OPTIONS));
  });
});

describe('CSV cells: quoting and the formula guard', () => {
  const controls = [
    ...Array.from({ length: 0x20 }, (_, c) => c),
    0x7f,
    ...Array.from({ length: 0x20 }, (_, c) => 0x80 + c),
    0x2028,
    0x2029,
  ].map((c) => String.fromCharCode(c));

  it('quotes every cell that holds CR, LF, tab or any other control character, in table CSV and in audit export CSV', () => {
    for (const ch of controls) {
      const cell = `a${ch}b`;
      const label = `U+${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
      expect(toCsv(['h'], [[cell]]), label).toBe(`h\r\n"${cell}"\r\n`);
      expect(stringify([[cell, 'x']], CSV_OPTIONS), label).toBe(`"${cell}",x\r\n`);
    }
    // and nothing else is quoted that RFC 4180 lets stand bare
    expect(toCsv(['a', 'b'], [['plain text', 'ü ✓']])).toBe('a,b\r\nplain text,ü ✓\r\n');
    expect(toCsv(['a', 'b', 'c'], [['x,y', 'say "hi"', '']])).toBe('a,b,c\r\n"x,y","say ""hi""",\r\n');
  });

  it('puts an apostrophe before = + - @ TAB CR at the cell start, and before = + - @ TAB at every line start inside it', () => {
    expect(neutralizeFormula('Mozilla/5.0\n=2*21')).toBe("Mozilla/5.0\n'=2*21");
    expect(neutralizeFormula("Mozilla/5.0\r\n=cmd|' /C calc'!A0")).toBe("Mozilla/5.0\r\n'=cmd|' /C calc'!A0");
    expect(neutralizeFormula('a\r@SUM(A1)\n-1\n\t+1')).toBe("a\r'@SUM(A1)\n'-1\n'\t+1");
    expect(neutralizeFormula('\r=1')).toBe("'\r'=1");
    // blank lines and a CRLF stay as they are: a CR at a line start is an empty line, the next line is checked
    expect(neutralizeFormula('a\r\n\r\nb\n\n')).toBe('a\r\n\r\nb\n\n');
    expect(neutralizeFormula('\uFF1D1')).toBe("'\uFF1D1");
    // LibreOffice reads these as text (checked below): left alone
    expect(neutralizeFormula(' =1')).toBe(' =1');
    expect(neutralizeFormula("'=1")).toBe("'=1");
    expect(neutralizeFormula('plain')).toBe('plain');
  });

  it('numbers stay numbers: -5 in a numeric column is written bare, the text "-5" is guarded', () => {
    expect(toCsv(['n', 's'], [[-5, '-5']])).toBe("n,s\r\n-5,'-5\r\n");
    expect(toCsv(['n'], [[-0.25], [1e21]])).toBe('n\r\n-0.25\r\n1e+21\r\n');
  });
});

describe('audit export --format csv of hostile records', () => {
  let plain = '';
  let withBom = '';
  beforeAll(async () => {
    plain = await exportCsv('audit.csv');
    withBom = await exportCsv('audit-bom.csv', ['--bom']);
  });

  it("Python's csv reads exactly one row of 12 fields per record, with the values as written", () => {
    const p = pythonCsv(plain);
    expect(p.bom).toBe(false);
    expectAuditRows(p.rows);
  });

  it("audit verify's own CSV reader reads the same rows", () => {
    expect(verifyReaderRows(readFileSync(plain, 'utf8'))).toEqual(pythonCsv(plain).rows);
  });

  it('audit verify accepts the export, with and without --bom', async () => {
    for (const f of [plain, withBom]) {
      const v = await runCli(['audit', 'verify', f], { env: env() });
      expect(v.code, v.stdout + v.stderr).toBe(0);
      expect(v.stdout).toContain(`${HOSTILE.length} records`);
    }
  });

  it('--bom: the same file behind one UTF-8 byte order mark, covered by the manifest', () => {
    const a = readFileSync(plain);
    const b = readFileSync(withBom);
    expect(a.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    expect(b.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
    expect(b.subarray(3).equals(a)).toBe(true);
    expect(JSON.parse(readFileSync(`${withBom}.manifest.json`, 'utf8')).bytes).toBe(b.length);
    const p = pythonCsv(withBom);
    expect(p.bom).toBe(true);
    expectAuditRows(p.rows);
  });

  it('--bom with another format is exit 2', async () => {
    const r = await runCli(['audit', 'export', '--until', UNTIL, '--bom'], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--bom');
    expect(r.stdout).toBe('');
  });
});

describe('table commands --format csv with hostile values', () => {
  it("versions list: Python's csv reads one row of 8 fields per version (the authenticated user last, empty here), with the values as written", async () => {
    const p = pythonCsv(await versionsCsv('versions.csv'));
    expect(p.bom).toBe(false);
    expectVersionRows(p.rows);
  });

  it('--bom: one byte order mark before the same CSV', async () => {
    const plain = readFileSync(await versionsCsv('versions-plain.csv'), 'utf8');
    const bom = readFileSync(await versionsCsv('versions-bom.csv', ['--bom']), 'utf8');
    expect(plain.startsWith(BOM)).toBe(false);
    expect(bom).toBe(`${BOM}${plain}`);
    expectVersionRows(pythonCsv(file('versions-bom.csv')).rows);
  });

  it('audit list --all (written a page at a time): one row of 8 fields per event (the workflow name, then the authenticated user), one byte order mark with --bom', async () => {
    const r = await runCli(['audit', 'list', '--all', '--until', UNTIL, '--format', 'csv', '--bom'], { env: db.env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.startsWith(BOM)).toBe(true);
    expect(r.stdout.split(BOM)).toHaveLength(2);
    writeFileSync(file('audit-list.csv'), r.stdout);
    const rows = pythonCsv(file('audit-list.csv')).rows;
    expect(rows).toHaveLength(HOSTILE.length + 1);
    expect(rows.every((row) => row.length === 8)).toBe(true);
    // newest first; the user column is the value as written
    expect(rows.slice(1).map((row) => row[3])).toEqual([...guarded].reverse());
  });

  it('--bom without --format csv is exit 2, before any output', async () => {
    for (const args of [
      ['versions', 'list', WF.toHexString(), '--bom'],
      ['workflows', 'list', '--json', '--bom'],
    ]) {
      const r = await runCli(args, { env: db.env });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('--bom');
    }
  });
});

interface SheetCell {
  type: string;
  formula: string | null;
  value: string | null;
}
const readSheet = (path: string) =>
  (
    JSON.parse(runPython('test/reference/csv_reference.py', ['sheet', path])) as {
      rows: Array<Array<SheetCell | null>>;
    }
  ).rows;

/**
 * A text value as LibreOffice 7.4 keeps it: its CSV import makes a CR or CRLF
 * a line feed (a cell's lines are paragraphs) and drops NUL; its ODS writer
 * leaves out the other C0 controls (XML 1.0 cannot hold them; a tab is kept
 * in a one-line cell only), so ODS cells are compared without them.
 */
const asLibreOfficeKeeps = (text: string, target: string) => {
  const read = text.replace(/\r\n?/g, '\n').replace(/\u0000/g, '');
  return target === 'ods' ? read.replace(/[\u0000-\u0009\u000b-\u001f]/g, '') : read;
};

describe('LibreOffice Calc imports the hostile CSV without a formula', () => {
  const sheets = new Map<string, Array<Array<SheetCell | null>>>();
  const timings: string[] = [];
  beforeAll(async () => {
    findSoffice(); // a missing LibreOffice fails here, naming the package
    const audit = await exportCsv('lo-audit.csv');
    const auditBom = await exportCsv('lo-audit-bom.csv', ['--bom']);
    const versions = await versionsCsv('lo-versions.csv');
    const versionsBom = await versionsCsv('lo-versions-bom.csv', ['--bom']);
    const outDefault = mkdtempSync(join(dir, 'lo-default-'));
    const outUtf8 = mkdtempSync(join(dir, 'lo-utf8-'));
    // as the user report did (LibreOffice's default import options), and as a UTF-8 import reads the BOM files
    for (const [label, files, out, infilter] of [
      ['default', [audit, versions], outDefault, undefined],
      ['utf8', [auditBom, versionsBom], outUtf8, CSV_UTF8_IMPORT],
    ] as const) {
      for (const target of ['xlsx', 'ods'] as const) {
        const c = convertCsv([...files], target, out, infilter);
        timings.push(`${label} ${target}: ${c.elapsedMs} ms`);
        c.outputs.forEach((o, k) => sheets.set(`${label}:${k === 0 ? 'audit' : 'versions'}:${target}`, readSheet(o)));
      }
    }
    console.log(`LibreOffice conversions: ${timings.join(', ')}`);
  });

  it('is installed (CI installs libreoffice-calc-nogui)', () => {
    expect(findSoffice()).toMatch(/soffice|libreoffice/);
  });

  it('no cell is a formula, an error or an evaluated value, in xlsx and ods, with either import', () => {
    expect(sheets.size).toBe(8);
    for (const [name, rows] of sheets) {
      rows.forEach((row, r) =>
        row.forEach((cell, c) => {
          if (!cell) return;
          const where = `${name} row ${r + 1} column ${c + 1}: ${JSON.stringify(cell)}`;
          expect(cell.formula, where).toBeNull();
          expect(cell.type, where).not.toBe('error');
          expect(cell.type === 'number' && cell.value === '42', where).toBe(false);
        }),
      );
    }
  });

  it('every hostile value lands in its own row and column as text', () => {
    const wrong: string[] = [];
    for (const [name, rows] of sheets) {
      const [importOptions, table, target] = name.split(':') as [string, string, string];
      const audit = table === 'audit';
      const utf8 = importOptions === 'utf8';
      expect(rows, name).toHaveLength(HOSTILE.length + 1);
      expect(
        rows[0]!.map((c) => c?.value),
        name,
      ).toEqual(audit ? AUDIT_HEADER : VERSIONS_HEADER);
      HOSTILE.forEach((v, i) => {
        const row = audit ? rows[i + 1]! : rows[HOSTILE.length - i]!;
        const columns = audit ? [2, 3, 4, 5, 6] : [3, 4];
        for (const c of columns) {
          const cell = row[c] ?? null;
          const where = `${name} ${JSON.stringify(v)} column ${c + 1}`;
          if (v === '') {
            expect(cell, where).toBeNull();
            continue;
          }
          expect(cell?.type, where).toBe('string');
          // the default import reads UTF-8 as windows-1252: only the UTF-8 import keeps non-ASCII text
          const want = asLibreOfficeKeeps(guarded[i]!, target);
          const got = target === 'ods' ? asLibreOfficeKeeps(cell?.value ?? '', target) : cell?.value;
          if ((utf8 || /^[\x00-\x7f]*$/.test(v)) && got !== want)
            wrong.push(`${where}: ${JSON.stringify(cell?.value)}, not ${JSON.stringify(want)}`);
        }
        if (audit) expect(row[10], name).toMatchObject({ type: 'number', value: String(i + 1) });
      });
    }
    expect(wrong).toEqual([]);
  });
});
