import { toDate } from '../../../src/data/core/index.js';
import { describe, expect, it } from 'vitest';
import { ErrorTally, normalizeErrorMessage } from '../../../src/data/metrics/index.js';
import { DurationSketch } from '../../../src/data/metrics/index.js';
import { DayBuckets, formatSpan, inWindow, percent, storedTime, windowFilter } from '../../../src/data/core/index.js';
import { renderPrometheus } from '../../../src/render/prometheus.js';

describe('error message normalization', () => {
  it.each([
    ['Timeout after 3021ms for order 17', 'Timeout after <n>ms for order <n>'],
    ['user 550e8400-e29b-41d4-a716-446655440000 not found', 'user <uuid> not found'],
    ['Execution 64b7f0c2e4b0a1d2c3f4e5a6 failed at 2025-06-01T10:00:00.123Z', 'Execution <hex> failed at <time>'],
    ['connect ECONNREFUSED 10.0.0.12:5432', 'connect ECONNREFUSED <ip>'],
    ['bad token for ann@example.com', 'bad token for <email>'],
    ['pointer 0xdeadBEEF', 'pointer <hex>'],
    ['ord_12345 rejected on 2025-06-01', 'ord_<n> rejected on <time>'],
    ['  spaces\n and\tlines  ', 'spaces and lines'],
    ['', '(no message)'],
  ])('%j → %j', (raw, shape) => {
    expect(normalizeErrorMessage(raw)).toBe(shape);
  });

  it('keeps words that merely look like hex (no digit) and cuts very long messages', () => {
    expect(normalizeErrorMessage('deadbeef is bad')).toBe('deadbeef is bad');
    expect(normalizeErrorMessage('x'.repeat(500))).toHaveLength(200);
  });

  it('the tally stays bounded: past its limit new shapes count as "(other messages)"', () => {
    const t = new ErrorTally(3);
    for (const m of ['a', 'b', 'c', 'd', 'e', 'a']) t.add(m, 1);
    expect(t.distinct).toBe(4);
    expect(t.top(10).find((g) => g.message === '(other messages)')?.count).toBe(2);
  });
});

describe('duration percentiles in fixed memory', () => {
  it('small series: exact nearest-rank values', () => {
    const s = new DurationSketch();
    for (const v of [300, 100, 200, 400]) s.add(v);
    expect(s.summary()).toEqual({
      count: 4,
      sumMs: 1000,
      averageMs: 250,
      p50Ms: 200,
      p95Ms: 400,
      maxMs: 400,
      exact: true,
    });
  });

  it('ignores what is not a duration', () => {
    const s = new DurationSketch();
    for (const v of [Number.NaN, -5, Number.POSITIVE_INFINITY]) s.add(v);
    expect(s.summary()).toMatchObject({ count: 0, averageMs: null, p50Ms: null, maxMs: null });
  });

  it('large series: within 1% of the true percentile, exact max, memory bounded by buckets', () => {
    const s = new DurationSketch(1000);
    const values: number[] = [];
    let x = 12345;
    for (let i = 0; i < 200_000; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      const v = 5 + (x % 100_000) * ((x >> 7) % 3 === 0 ? 3 : 1);
      values.push(v);
      s.add(v);
    }
    values.sort((a, b) => a - b);
    const sum = s.summary();
    expect(sum.exact).toBe(false);
    expect(sum.maxMs).toBe(values[values.length - 1]);
    for (const [p, got] of [
      [50, sum.p50Ms],
      [95, sum.p95Ms],
    ] as const) {
      const truth = values[Math.ceil((p / 100) * values.length) - 1]!;
      expect(Math.abs(got! - truth) / truth, `p${p}`).toBeLessThan(0.01);
    }
  });
});

describe('windows and days', () => {
  it('day buckets cover every UTC day the window touches', () => {
    const b = new DayBuckets({ from: new Date('2025-06-13T12:00:00Z'), to: new Date('2025-06-15T00:00:00Z') });
    expect(b.days).toEqual(['2025-06-13', '2025-06-14']);
    expect(b.indexOf(Date.parse('2025-06-14T23:59:59Z'))).toBe(1);
    expect(b.indexOf(Date.parse('2025-06-15T00:00:00Z'))).toBe(-1);
  });

  it('matches dates by range and selects legacy strings apart, to be parsed', () => {
    const w = { from: new Date('2025-06-01T00:00:00Z'), to: new Date('2025-06-02T00:00:00Z') };
    expect(windowFilter('t', w)).toEqual({ $or: [{ t: { $gte: w.from, $lt: w.to } }, { t: { $type: 'string' } }] });
  });

  it('parses legacy timestamps: T or space, offsets, fractions; naive means UTC', () => {
    const cases: Array<[string, string | null]> = [
      ['2026-11-20 10:15:00', '2026-11-20T10:15:00.000Z'],
      ['2026-11-20T10:15:00', '2026-11-20T10:15:00.000Z'],
      ['2026-11-20T10:15:00.123456', '2026-11-20T10:15:00.123Z'],
      ['2026-11-20 10:15:00.5', '2026-11-20T10:15:00.500Z'],
      ['2026-11-20T08:48:00+02:00', '2026-11-20T06:48:00.000Z'],
      ['2026-11-20T08:48:00-0530', '2026-11-20T14:18:00.000Z'],
      ['2026-11-20T08:48:00+02', '2026-11-20T06:48:00.000Z'],
      ['2026-11-20T10:15Z', '2026-11-20T10:15:00.000Z'],
      ['2026-11-20', '2026-11-20T00:00:00.000Z'],
      [' 2026-11-20T10:15:00Z ', '2026-11-20T10:15:00.000Z'],
      ['2026-02-30T00:00:00', null],
      ['2026-11-20T24:00:00', null],
      ['20/11/2026', null],
      ['yesterday', null],
      ['', null],
    ];
    for (const [text, iso] of cases) expect(toDate(text)?.toISOString() ?? null, text).toBe(iso);
    // an offset string inside a window counts; its text would sort outside it
    const w = { from: new Date('2026-11-20T06:00:00Z'), to: new Date('2026-11-20T07:00:00Z') };
    expect(inWindow(storedTime('2026-11-20T08:48:00+02:00'), w)).toBe(true);
    expect(inWindow(storedTime('2026-11-20T08:48:00'), w)).toBe(false);
  });

  it('percentages never divide by zero', () => {
    expect(percent(0, 0)).toBeNull();
    expect(percent(2, 3)).toBe(66.67);
  });

  it('spans print as people write them', () => {
    expect([3_600_000, 86_400_000, 7 * 86_400_000, 90 * 60_000, 1500].map(formatSpan)).toEqual([
      '1h',
      '24h',
      '7d',
      '90m',
      '1500ms',
    ]);
  });
});

describe('Prometheus rendering', () => {
  it('escapes label values', () => {
    const text = renderPrometheus(
      [
        {
          check: 'failures',
          outcome: 'ok',
          workflow: 'a"b\\c\nd',
          workflowName: 'N"\\\n',
          window: '1h',
          windowMs: 3_600_000,
          from: new Date(0),
          to: new Date(0),
          value: 0,
          threshold: { max: 1 },
          message: '',
        },
      ],
      new Date(1_000_000),
    );
    expect(text).toContain(
      'wfctl_check_status{name="wfctl",check="failures",workflow="a\\"b\\\\c\\nd",workflow_name="N\\"\\\\\\n",window="1h"} 0',
    );
    expect(text).toContain('wfctl_check_last_run_timestamp_seconds{name="wfctl"} 1000\n');
  });
});
