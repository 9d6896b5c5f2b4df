import { describe, expect, it } from 'vitest';
import { formatPercent, formatPercentAgainst, percent, ratioPercent } from '../../../src/data/core/index.js';

describe('percent(): two decimals, never 100 unless all, never 0 unless none', () => {
  it('19999 of 20000 is 99.99, not a rounded-up 100; 1 of 40000 is 0.01, not 0', () => {
    expect(percent(19_999, 20_000)).toBe(99.99);
    expect(percent(1, 40_000)).toBe(0.01);
    expect(percent(20_000, 20_000)).toBe(100);
    expect(percent(0, 20_000)).toBe(0);
    expect(percent(2, 3)).toBe(66.67);
  });
});

describe('formatPercent: one decimal, to the nearest; never 0.0% or 100.0% unless none or all', () => {
  it.each([
    [97.34, '97.3%'],
    [97.35, '97.4%'],
    [87.878787, '87.9%'],
    [99.96, '99.96%'],
    [99.996, '99.996%'],
    [100, '100.0%'],
    [0, '0.0%'],
    [0.04, '0.04%'],
    [66.7, '66.7%'], // 66.7 * 10 is 667.0000000000001 in binary
    [null, 'n/a'],
  ] as const)('%s -> %s', (value, text) => {
    expect(formatPercent(value)).toBe(text);
  });

  it('an interval is rounded outward: its lower bound down, its upper bound up', () => {
    expect(formatPercent(42.19, 'down')).toBe('42.1%');
    expect(formatPercent(71.41, 'up')).toBe('71.5%');
    expect(formatPercent(71.4, 'up')).toBe('71.4%');
  });
});

describe('formatPercentAgainst: never on the threshold or past it when the figure is not', () => {
  it.each([
    [94.96, 95, '94.96%'],
    [94.94, 95, '94.9%'],
    [99.96, 99.95, '99.96%'],
    [95.04, 95, '95.04%'],
    [95, 95, '95.0%'],
    [99.96, 90, '99.96%'],
    [60.005, 60.001, '60.01%'],
    [ratioPercent(1899, 2000)!, 95, '94.95%'],
  ] as const)('%s against %s -> %s', (value, threshold, text) => {
    const shown = formatPercentAgainst(value, threshold);
    expect(shown).toBe(text);
    const n = Number(shown.slice(0, -1));
    expect(Math.sign(n - threshold)).toBe(Math.sign(value - threshold));
  });
});
