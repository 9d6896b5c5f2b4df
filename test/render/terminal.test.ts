/** Rendering for people: the export's progress line and the per-day charts without colour. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { IOStreams } from '../../src/io.js';
import { renderDayChart } from '../../src/render/chart.js';
import { createProgressLine, ProgressEstimator, progressText } from '../../src/render/progress.js';

function fakeIo(over: Partial<IOStreams> = {}): IOStreams & { errText: () => string; outText: () => string } {
  let err = '';
  let out = '';
  return {
    stdin: new PassThrough(),
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    env: {},
    stdinIsTTY: true,
    stdoutIsTTY: true,
    stderrIsTTY: true,
    stderrInteractive: true,
    canPrompt: false,
    colorStdout: false,
    colorStderr: false,
    columns: 100,
    out: (s: string) => void (out += s),
    err: (s: string) => void (err += s),
    quiet: false,
    note: (s: string) => void (err += s),
    errText: () => err,
    outText: () => out,
    ...over,
  } as unknown as IOStreams & { errText: () => string; outText: () => string };
}

describe('export progress', () => {
  it('says it is waiting before the first batch, from the first second', async () => {
    let now = 0;
    const io = fakeIo();
    const line = createProgressLine(io, 'records', () => now);
    now = 14_000;
    line.update(0, 100_000, 14_000);
    expect(io.errText()).toContain("0 of 100,000 records, waiting for the server's first batch (14s)");
    line.done();
  });

  it('shows the recent rate, and a time left only once it has settled (not the 7232 s of a slow first batch)', () => {
    const e = new ProgressEstimator();
    // 140 s of waiting, then 1,000 records a second
    e.observe(0, 0);
    e.observe(140_000, 0);
    let text = '';
    for (let s = 141; s <= 143; s++) {
      const n = (s - 140) * 1000;
      e.observe(s * 1000, n);
      text = progressText('records', n, 100_000, s * 1000, e);
    }
    expect(text).toBe('3,000 of 100,000 records, 1000/s');
    for (let s = 144; s <= 150; s++) {
      e.observe(s * 1000, (s - 140) * 1000);
      text = progressText('records', (s - 140) * 1000, 100_000, s * 1000, e);
    }
    expect(text).toBe('10,000 of 100,000 records, 1000/s, about 90s left');
    // the overall average since the start would say 66/s and about 22 minutes: the recent rate is what counts
  });

  it('keeps the time left back while the rate jumps', () => {
    const e = new ProgressEstimator();
    let n = 0;
    let text = '';
    for (let s = 1; s <= 12; s++) {
      n += s % 2 ? 5000 : 100;
      e.observe(s * 1000, n);
      text = progressText('records', n, 1_000_000, s * 1000, e);
    }
    expect(text).not.toContain('left');
  });
});

describe('per-day charts without colour', () => {
  it('draws failures in a glyph of their own, with a legend that names it', () => {
    const io = fakeIo({ colorStdout: false });
    const text = renderDayChart(
      io,
      [
        { day: '2025-06-14', ok: 6, bad: 4 },
        { day: '2025-06-15', ok: 10, bad: 0 },
      ],
      { ok: 'succeeded', bad: 'failed' },
    );
    const [first, second, legend] = text.split('\n');
    expect(first).toMatch(/2025-06-14 █+░+ 10/);
    expect(second).toMatch(/2025-06-15 █+ 10/);
    expect(second).not.toContain('░');
    expect(legend).toContain('█ succeeded  ░ failed');
  });
});

describe('tables fit the terminal', () => {
  const rows = [
    {
      id: '6b0e7c92ed9c955c3bbc0372',
      user: '64f1a2b3c4d5e6f708192a01',
      description: 'Rolled back to version 12. Reason: the upload retried forever and filled the queue with duplicates',
      n: 12,
    },
    { id: '6b0e7c92ed9c955c3bbc0373', user: 'ops', description: 'short', n: 3 },
  ];
  const columns = [
    { header: 'id', value: (r: (typeof rows)[number]) => r.id },
    { header: 'changed by', value: (r: (typeof rows)[number]) => r.user },
    { header: 'description', value: (r: (typeof rows)[number]) => r.description, maxWidth: 60 },
    { header: 'n', value: (r: (typeof rows)[number]) => r.n, align: 'right' as const },
  ];
  it('cuts the free-text column with an ellipsis, never the ids, and stays within the width', async () => {
    const { renderTable, displayWidth } = await import('../../src/render/table.js');
    for (const width of [80, 100, 70]) {
      const text = renderTable(fakeIo({ columns: width }), columns, rows);
      for (const line of text.trimEnd().split('\n'))
        expect(displayWidth(line), `${width}: ${line}`).toBeLessThanOrEqual(width);
      expect(text).toContain('6b0e7c92ed9c955c3bbc0372');
      expect(text).toContain('64f1a2b3c4d5e6f708192a01');
      expect(text).toContain('…');
    }
    // wide enough: nothing cut below the column's own limit
    expect(renderTable(fakeIo({ columns: 200 }), columns, rows)).toContain(
      'Rolled back to version 12. Reason: the upload retried forev…',
    );
  });

  it('wideTables (-o wide, --no-trunc): every cell whole at 80 and at 200 columns, droppable columns kept', async () => {
    const { renderTable } = await import('../../src/render/table.js');
    const droppable = [columns[0]!, { ...columns[1]!, dropOrder: 1 }, ...columns.slice(2)];
    for (const width of [80, 200]) {
      const text = renderTable(fakeIo({ columns: width, wideTables: true }), droppable, rows);
      expect(text).not.toContain('…');
      expect(text).toContain(rows[0]!.description);
      expect(text).toMatch(/CHANGED BY/);
    }
    // and without it, at 80 the droppable column goes before the ids are touched
    const narrow = renderTable(fakeIo({ columns: 60 }), droppable, rows);
    expect(narrow).not.toMatch(/CHANGED BY/);
    expect(narrow).toContain('6b0e7c92ed9c955c3bbc0372');
  });

  it('hideWhenEmpty: a column with no value in any row is left out on a terminal, kept when piped', async () => {
    const { renderTable } = await import('../../src/render/table.js');
    const cols = [
      { header: 'v', value: (r: { v: number; restores: string | null }) => r.v },
      { header: 'restores', value: (r: { v: number; restores: string | null }) => r.restores, hideWhenEmpty: true },
    ];
    expect(renderTable(fakeIo(), cols, [{ v: 1, restores: null }])).not.toMatch(/RESTORES/);
    expect(
      renderTable(fakeIo(), cols, [
        { v: 1, restores: null },
        { v: 2, restores: 'v1' },
      ]),
    ).toMatch(/RESTORES/);
    expect(renderTable(fakeIo({ stdoutIsTTY: false }), cols, [{ v: 1, restores: null }])).toBe('1\t\n');
  });

  it('counts wide characters as two cells', async () => {
    const { displayWidth } = await import('../../src/render/table.js');
    expect(displayWidth('漢字')).toBe(4);
    expect(displayWidth('✓ ok')).toBe(4);
    expect(displayWidth('🚀')).toBe(2);
  });

  it('escapes a tab in data, as it escapes CR', async () => {
    const { renderTable } = await import('../../src/render/table.js');
    const text = renderTable(fakeIo(), [{ header: 'v', value: (r: { v: string }) => r.v }], [{ v: 'a\tb\rc' }]);
    expect(text).toContain('a\\x09b\\x0dc');
    expect(text).not.toContain('\t');
  });
});
