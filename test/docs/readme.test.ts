/**
 * The README's quickstarts, run line by line as a person would paste them,
 * in bash, against the demo's database (the same generator and seed as
 * `npm run demo`). A line runs in order after the ones above it (the
 * operator's rollback changes what the next line lists). It must exit 0, or
 * the status its comment names ("# exit 3: ...").
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyIndexes } from '../../src/data/db/index.js';
import { BIN, ROOT } from '../support/cli.js';
import { useTestDatabase } from '../support/db.js';
import { generateDataset } from '../support/generator.js';
import { markedBlock } from './recipes.js';

const db = useTestDatabase('readme');
let cwd: string;
let bin: string;

beforeAll(async () => {
  await applyIndexes(db.ds);
  await generateDataset(db.ds, { workflows: 12, days: 30, seed: 42 });
  cwd = mkdtempSync(join(tmpdir(), 'wfctl-readme-'));
  bin = join(cwd, '.bin');
  mkdirSync(bin);
  symlinkSync(BIN, join(bin, 'wfctl'));
}, 300_000);

afterAll(() => rmSync(cwd, { recursive: true, force: true }));

function lines(block: string): string[] {
  return block.split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('#'));
}

function expectedExit(line: string): number {
  const m = /#\s*exit (\d+)/.exec(line);
  return m ? Number(m[1]) : 0;
}

const README = readFileSync(resolve(ROOT, 'README.md'), 'utf8');

describe('README quickstarts', () => {
  it('has the three, and a front door of at most ~200 lines', () => {
    for (const who of ['operator', 'auditor', 'ci']) expect(README).toContain(`<!-- quickstart: ${who} -->`);
    expect(README.split('\n').length).toBeLessThanOrEqual(210);
  });

  for (const who of ['operator', 'auditor', 'ci']) {
    it(`the ${who}'s runs as written on the demo data`, () => {
      for (const line of lines(markedBlock('README.md', `quickstart: ${who}`))) {
        const r = spawnSync('bash', ['-c', line], {
          cwd,
          encoding: 'utf8',
          timeout: 120_000,
          env: { ...db.env, PATH: `${bin}:${process.env.PATH}`, HOME: cwd },
        });
        expect({ line, code: r.status, stderr: r.stderr }).toMatchObject({ line, code: expectedExit(line) });
        expect(r.stderr, line).not.toMatch(/unexpected error|hint: run again with --verbose/);
      }
    }, 300_000);
  }
});
