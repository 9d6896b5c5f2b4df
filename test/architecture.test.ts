/**
 * The layout's rules (.dependency-cruiser.cjs): the tree keeps them, and a
 * tree made to break each of them once is caught on every one.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/cli.js';

const DEPCRUISE = join(ROOT, 'node_modules', '.bin', 'depcruise');

function cruise(cwd: string, paths: string[]) {
  const r = spawnSync(
    DEPCRUISE,
    ['--config', join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'json', ...paths],
    { cwd, encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  if (!r.stdout) throw new Error(`depcruise failed: ${r.stderr}`);
  const out = JSON.parse(r.stdout) as {
    summary: {
      violations: Array<{ rule: { name: string }; from: string; to: string; cycle?: Array<{ name: string }> }>;
      totalCruised: number;
    };
  };
  return out.summary;
}

describe('the layout', () => {
  it('src, test, bench and scripts keep every rule: arrows point down, no circles', () => {
    const r = cruise(ROOT, ['src', 'test', 'bench', 'scripts']);
    const shown = r.violations.map(
      (v) => `${v.rule.name}: ${v.from} -> ${v.to}${v.cycle ? ` (${v.cycle.map((c) => c.name).join(' -> ')})` : ''}`,
    );
    expect(shown).toEqual([]);
    expect(r.totalCruised).toBeGreaterThan(150);
  });

  it('a tree that breaks each rule once fails on every rule', () => {
    const r = cruise(join(ROOT, 'test/fixtures/layering'), ['src', 'test']);
    const rules = new Set(r.violations.map((v) => v.rule.name));
    expect([...rules].sort()).toEqual(
      [
        'base-imports-above',
        'core-imports-a-wing',
        'data-imports-upward',
        'no-circular',
        'outside-imports-wing-internals',
        'render-imports-commands',
        'wing-versions-imports-higher-wing',
      ].sort(),
    );
  });
});
