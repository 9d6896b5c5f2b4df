/**
 * resolveWorkflow's name rules: the exact name first, then the name in any
 * case when exactly one workflow has it so; hostile names stay plain text.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveWorkflow } from '../../../src/data/core/index.js';
import { runCli } from '../../support/cli.js';
import { useTestDatabase } from '../../support/db.js';

const db = useTestDatabase('workflow_ref');

beforeAll(async () => {
  await db.ds.workflows.insertMany([
    { id: 'wf-invoice', name: 'Invoice sync', actions: [] },
    { id: 'wf-INVOICE', name: 'INVOICE SYNC', actions: [] },
    { id: 'wf-report', name: 'Weekly Report', actions: [] },
    { id: 'wf-ecole', name: 'École Étoile', actions: [] },
    { id: 'wf-hostile', name: 'A.*(b)$ [x]', actions: [] },
    { id: 'wf-newline', name: 'Trailing\n', actions: [] },
    { id: 'wf-dup-a', name: 'Mixed', actions: [] },
    { id: 'wf-dup-b', name: 'MIXED', actions: [] },
  ] as never[]);
});

describe('resolveWorkflow by name', () => {
  it('an exact (case-sensitive) unique name wins over other cases', async () => {
    expect((await resolveWorkflow(db.ds, 'Invoice sync')).id).toBe('wf-invoice');
    expect((await resolveWorkflow(db.ds, 'INVOICE SYNC')).id).toBe('wf-INVOICE');
    expect((await resolveWorkflow(db.ds, 'MIXED')).id).toBe('wf-dup-b');
  });

  it('else the name in any case, when exactly one workflow has it so', async () => {
    expect((await resolveWorkflow(db.ds, 'weekly report')).id).toBe('wf-report');
    expect((await resolveWorkflow(db.ds, 'WEEKLY REPORT')).id).toBe('wf-report');
  });

  it('folds Unicode case', async () => {
    expect((await resolveWorkflow(db.ds, 'école étoile')).id).toBe('wf-ecole');
    expect((await resolveWorkflow(db.ds, 'ÉCOLE ÉTOILE')).id).toBe('wf-ecole');
  });

  it('several workflows with the name in other cases: ambiguous, listing ids and names', async () => {
    await expect(resolveWorkflow(db.ds, 'invoice sync')).rejects.toThrow(
      /"invoice sync" matches 2 workflows by name in any case: wf-(invoice|INVOICE) \((Invoice sync|INVOICE SYNC)\), wf-/,
    );
    await expect(resolveWorkflow(db.ds, 'mixed')).rejects.toThrow(/matches 2 workflows by name in any case/);
  });

  it('regex metacharacters are plain text: anchored, escaped, never a pattern', async () => {
    expect((await resolveWorkflow(db.ds, 'a.*(B)$ [X]')).id).toBe('wf-hostile');
    for (const ref of ['.*', 'a.*', '^A', 'A.*(b)$ [x', '(?i)weekly report', 'weekly.report', 'Weekly Repor']) {
      await expect(resolveWorkflow(db.ds, ref), ref).rejects.toThrow(/not found/);
    }
  });

  it('a stored name with a trailing newline is not the name without it', async () => {
    await expect(resolveWorkflow(db.ds, 'trailing')).rejects.toThrow(/not found/);
    expect((await resolveWorkflow(db.ds, 'TRAILING\n')).id).toBe('wf-newline');
  });

  it('a NUL in the reference is not found (no pattern can carry it)', async () => {
    await expect(resolveWorkflow(db.ds, 'weekly\u0000report')).rejects.toThrow(/not found/);
  });
});

describe('on the command line', () => {
  it('ambiguous in any case: exit 2, the candidates on one line, nothing on stdout', async () => {
    const r = await runCli(['workflows', 'show', 'invoice SYNC'], { env: db.env });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^wfctl: "invoice SYNC" matches 2 workflows by name in any case: /m);
    expect(r.stderr).toMatch(/hint: give the name in its exact case, or the id/);
  });

  it('a unique name in another case resolves', async () => {
    const r = await runCli(['workflows', 'show', 'weekly report', '--json'], { env: db.env });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).workflow.id).toBe('wf-report');
  });
});
