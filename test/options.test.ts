import { describe, expect, it } from 'vitest';
import { daysArg, parseSpanMs, parseTimeSpec, percentArgOf, positiveIntArg, secondsArg, spanArg, timeArgAt } from '../src/options.js';

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
    for (const bad of ['-1', '101', 'x', '', '%', '95%%', '101%']) expect(() => percentArg(bad), bad).toThrow(/0 to 100/);
    expect(secondsArg('2.5')).toBe(2.5);
    expect(() => secondsArg('abc')).toThrow(/not a number of seconds/);
    expect(() => positiveIntArg('0')).toThrow();
  });
});
