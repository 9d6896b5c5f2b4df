import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from 'commander';
import * as options from '../src/options.js';
import {
  daysArg,
  parseSpanMs,
  parseTimeSpec,
  percentArgOf,
  positiveIntArg,
  secondsArg,
  spanArg,
  timeArgAt,
} from '../src/options.js';
import { settleArg } from '../src/commands/audit/options.js';

describe('time options', () => {
  const now = new Date('2025-02-01T12:00:00Z');

  it('parses ISO dates as UTC midnight and date-times as given', () => {
    expect(parseTimeSpec('2025-01-31', now)?.toISOString()).toBe('2025-01-31T00:00:00.000Z');
    expect(parseTimeSpec('2025-01-31T12:00:00Z', now)?.toISOString()).toBe('2025-01-31T12:00:00.000Z');
    expect(parseTimeSpec('2025-01-31T12:00', now)?.toISOString()).toBe('2025-01-31T12:00:00.000Z');
    expect(parseTimeSpec('2025-01-31T12:00:00+02:00', now)?.toISOString()).toBe('2025-01-31T10:00:00.000Z');
  });

  it('parses spans before now', () => {
    expect(parseTimeSpec('30m', now)?.toISOString()).toBe('2025-02-01T11:30:00.000Z');
    expect(parseTimeSpec('24h', now)?.toISOString()).toBe('2025-01-31T12:00:00.000Z');
    expect(parseTimeSpec('7d', now)?.toISOString()).toBe('2025-01-25T12:00:00.000Z');
    expect(parseSpanMs('2w')).toBe(14 * 86_400_000);
  });

  it('rejects what does not parse, and impossible dates', () => {
    for (const bad of ['yesterday', '2025-13-01', '2025-02-31', '31/01/2025', '7 days', '', '-3d']) {
      expect(parseTimeSpec(bad, now), bad).toBeUndefined();
    }
    expect(() => timeArgAt(() => now)('yesterday')).toThrow(/accepted: an ISO-8601 date/);
    // spans count back from the command's now (WFCTL_NOW or the clock), not from the clock
    expect(timeArgAt(() => now)('7d').toISOString()).toBe(new Date(now.getTime() - 7 * 86_400_000).toISOString());
  });

  it('validates spans, days, percentages, seconds and counts', () => {
    expect(spanArg('1h')).toBe(3_600_000);
    expect(() => spanArg('0h')).toThrow(/not a span/);
    expect(() => spanArg('soon')).toThrow(/not a span/);
    expect(daysArg('30')).toBe(30);
    for (const bad of ['0', '-1', '1.5', 'abc', '100000']) expect(() => daysArg(bad), bad).toThrow();
    const percentArg = percentArgOf('--min');
    expect(percentArg('95.5')).toBe(95.5);
    for (const bad of ['-1', '101', 'x', '', '%', '95%%', '101%'])
      expect(() => percentArg(bad), bad).toThrow(/0 to 100/);
    expect(secondsArg('2.5')).toBe(2.5);
    expect(() => secondsArg('abc')).toThrow(/not a number of seconds/);
    expect(() => positiveIntArg('0')).toThrow();
  });
});

describe('every parser is strict: a value as typed, never trimmed or read loosely (issue 19 item 7)', () => {
  const now = new Date('2025-02-01T12:00:00Z');
  const o = options as unknown as Record<string, (v: string, prev?: unknown) => unknown>;
  // [parser, a value it takes, values it must refuse]
  const table: Array<[string, (v: string) => unknown, string, string[]]> = [
    ['daysArg', o.daysArg!, '1', ['1 ', ' 1', '', '+1', '1e0', '0x1', '1.0', ' ']],
    ['positiveIntArg', o.positiveIntArg!, '1', ['1 ', ' 1', '', '+1', '1e0', '0x1', '1.0', '\t1']],
    ['nonNegativeIntArg', o.nonNegativeIntArg!, '0', ['0 ', ' 0', '', '+0', '0e0', '0x0', '-0']],
    [
      'percentArgOf',
      percentArgOf('--min'),
      '95.5',
      ['95 ', ' 95', '95% ', '', '+95', '9.5e1', '0x10', '-0', '95.', 'Infinity'],
    ],
    ['confidenceArg', o.confidenceArg!, '0.95', ['0.95 ', ' 0.95', '', '+0.95', '9.5e-1', '0x1']],
    ['secondsArg', o.secondsArg!, '2.5', ['2.5 ', ' 2', '', '+2', '2e0', '0x2', '\n2']],
    ['spanArg', o.spanArg!, '7d', ['7d ', ' 7d', '', '+7d', '7 d', '1e1d', '0x1d']],
    ['timeArgAt', timeArgAt(() => now), '2025-01-31', [' 7d', '7d ', '', '2025-01-31 ', ' 2025-01-31', '+7d', '7 d']],
    ['settleArg', settleArg, '5', ['5 ', ' 5', '', '+5', '5e0', '0x5', '5 s']],
    ['versionRefArg', o.versionRefArg!, '1', ['1 ', ' 1', '', '+1', '1e0', '0x1', ' current', 'current~1 ']],
    ['listArg', (v) => o.listArg!(v, undefined), 'a, b', ['', ',', 'a,,b', 'a,', ',a', ' ']],
    [
      'dbNameArg',
      o.dbNameArg!,
      'workflows_prod',
      ['', ' ', 'a b', 'a/b', 'a\\b', 'a.b', 'a"b', 'a$b', 'a\0b', 'a@b', 'a:b', 'x\n', 'x'.repeat(64), 'é'.repeat(32)],
    ],
    ['uriArg', o.uriArg!, 'mongodb://h/db', ['', ' ', '\n']],
    ['userArg', o.userArg!, 'alice@example.com', ['', ' ', ' alice', 'alice ', 'al\nice', 'al\u001bice']],
    ['textArg', o.textArg!, 'invoice sync', ['', ' ', '\t']],
    ['pathArg', o.pathArg!, 'out.ndjson', ['']],
  ];
  for (const [name, parse, good, bad] of table) {
    it(name, () => {
      expect(() => parse(good)).not.toThrow();
      for (const v of bad) expect(() => parse(v), `${name}(${JSON.stringify(v)})`).toThrow(InvalidArgumentError);
    });
  }

  it('takes the longest database name MongoDB takes (63 bytes), in bytes of UTF-8', () => {
    expect(o.dbNameArg!('x'.repeat(63))).toBe('x'.repeat(63));
    expect(o.dbNameArg!(`${'é'.repeat(31)}x`)).toBe(`${'é'.repeat(31)}x`);
  });
});
