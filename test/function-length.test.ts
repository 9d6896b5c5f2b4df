/**
 * No function in src is longer than 120 lines (issue 20: declarations,
 * methods, arrow functions and function expressions, command wiring and shell
 * templates included), and a tree made with functions of 121 lines is caught
 * on every one.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './support/cli.js';
import { functionLengths, tooLong } from './support/function-length.js';

const MAX_LINES = 120;

/**
 * Functions that may still be longer, each with its owner's reason, as
 * "file name". The lead empties this list when the branches named merge;
 * an entry that is no longer too long fails the test, so it cannot go stale.
 */
const ALLOWED: Record<string, string> = {};

const key = (line: string) => line.replace(/:\d+ /, ' ').replace(/ \(\d+ lines\)$/, '');

describe('function length', () => {
  it(`no function in src is longer than ${MAX_LINES} lines (file:line name length)`, () => {
    const all = functionLengths(ROOT, 'src');
    expect(all.length).toBeGreaterThan(500);
    const long = tooLong(all, MAX_LINES);
    expect(long.filter((l) => !(key(l) in ALLOWED))).toEqual([]);
    // an allowed function that has been split must leave the list
    expect(Object.keys(ALLOWED).filter((k) => !long.some((l) => key(l) === k))).toEqual([]);
  });

  describe('on a tree with a 121-line function of every kind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wfctl-fnlen-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    /** `n` lines in all, the first and the last included */
    const body = (n: number) => Array.from({ length: n - 2 }, (_, i) => `  const v${i} = ${i};`).join('\n');
    mkdirSync(join(dir, 'src', 'deep'), { recursive: true });
    writeFileSync(
      join(dir, 'src', 'long.ts'),
      [
        '/** a doc comment is not counted */',
        `export function declared(): void {\n${body(121)}\n}`,
        `export function fits(): void {\n${body(120)}\n}`,
        `export const arrow = (): void => {\n${body(121)}\n};`,
        `export const expression = function (): void {\n${body(121)}\n};`,
        `export class K {\n  method(): void {\n${body(121)}\n  }\n  short(): void {}\n}`,
        `[1].forEach(() => {\n${body(121)}\n});`,
      ].join('\n'),
    );
    writeFileSync(join(dir, 'src', 'deep', 'nested.ts'), `export function outer(): void {\n${body(200)}\n}\n`);
    const long = tooLong(functionLengths(dir, 'src'), MAX_LINES);

    it('names each one, with its file, line and length', () => {
      expect(long).toEqual([
        'src/deep/nested.ts:1 outer (200 lines)',
        'src/long.ts:2 declared (121 lines)',
        'src/long.ts:243 arrow (121 lines)',
        'src/long.ts:364 expression (121 lines)',
        'src/long.ts:486 method (121 lines)',
        'src/long.ts:609 (callback of [1].forEach) (121 lines)',
      ]);
    });

    it('and so the check over src would fail on them', () => {
      expect(long.filter((l) => !(key(l) in ALLOWED))).not.toEqual([]);
    });
  });
});
