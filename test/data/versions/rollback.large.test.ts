/** A 10 MB workflow still compares and rolls back (and its stored diff stays small). */
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/data/versions/index.js';
import { runCli } from '../../support/cli.js';
import { useTestDatabase } from '../../support/db.js';
import { seedWorkflow, withoutRollbackStamp, workflowData } from '../../support/version-fixtures.js';

const db = useTestDatabase('rollback_large');
const WF = 'wf-huge';

function hugeWorkflow(variant: number): Record<string, unknown> {
  const actions = Array.from({ length: 20_000 }, (_, i) => ({
    name: `step-${i}`,
    type: 'http_request',
    config: { url: `https://api.example.com/items/${i}`, body: `${'x'.repeat(400)}${i}` },
  }));
  if (variant === 2) {
    actions[10_000]!.config.url = 'https://api.example.com/v2/changed';
    actions.push({ name: 'step-new', type: 'send_email', config: { url: 'mailto:ops@example.com', body: 'done' } });
    const [moved] = actions.splice(5, 1);
    actions.splice(15_000, 0, moved!);
  }
  return workflowData(WF, 'Huge', { actions });
}

beforeAll(async () => {
  const v1 = hugeWorkflow(1);
  expect(JSON.stringify(v1).length).toBeGreaterThan(10_000_000);
  await seedWorkflow(db.ds, WF, [v1, hugeWorkflow(2)]);
}, 180_000);

describe('a 10 MB workflow', () => {
  it('compares: matched by name, one modified, one added, one moved; a short unified diff', async () => {
    const t0 = performance.now();
    const r = await runCli(['versions', 'compare', WF, '1', '2'], { env: db.env });
    const ms = performance.now() - t0;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('wf-huge@1 -> wf-huge@2 (Huge): 1 added, 0 removed, 1 modified, 1 moved');
    expect(r.stdout).toContain(
      '~ actions[name=step-10000].config.url: "https://api.example.com/items/10000" -> "https://api.example.com/v2/changed"',
    );
    expect(r.stdout).toContain('> actions[name=step-5]: moved from position 5 to 15000');
    expect(r.stdout).toMatch(/^\+\s+"url": "https:\/\/api\.example\.com\/v2\/changed"/m);
    expect(r.stdout.length).toBeLessThan(100_000);
    console.log(`10 MB compare: ${Math.round(ms)} ms`);
  }, 300_000);

  it('rolls back: the new version holds version 1 exactly, with a small stored diff', async () => {
    const t0 = performance.now();
    const r = await runCli(['rollback', WF, '--to', '1', '--reason', 'too big a change', '--yes', '--json'], {
      env: db.env,
    });
    const ms = performance.now() - t0;
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'rolled_back', from: 2, to: 1, version: 3 });
    // one read of the three versions (each query on FerretDB decodes all of them)
    const versions = await db.ds.versions.find({ workflow_id: WF }).sort({ version_number: 1 }).toArray();
    expect(versions.map((v) => [v.version_number, v.is_current])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    expect(
      canonicalJson(withoutRollbackStamp(versions[2]!.workflow_data)) ===
        canonicalJson(withoutRollbackStamp(versions[0]!.workflow_data)),
    ).toBe(true);
    expect(versions[2]).toMatchObject({ rollback_of: 1, reason: 'too big a change' });
    expect(JSON.stringify(versions[2]!.diff).length).toBeLessThan(5_000_000);
    const wf = await db.ds.workflows.findOne({ id: WF });
    expect(wf!.current_version).toBe(3);
    expect((wf!.actions as unknown[]).length).toBe(20_000);
    console.log(`10 MB rollback: ${Math.round(ms)} ms`);
  }, 300_000);
});
