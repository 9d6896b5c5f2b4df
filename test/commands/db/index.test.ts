import { describe, expect, it } from 'vitest';
import { indexStatus } from '../../../src/data/db/index.js';
import { runCli } from '../../support/cli.js';
import { useTestDatabase } from '../../support/db.js';

const db = useTestDatabase('dbcmds');

describe('wfctl db indexes', () => {
  it('reports missing indexes, creates them with --apply, and is idempotent', async () => {
    await db.ds.workflows.insertOne({ id: 'w1', name: 'one', enabled: true, actions: [] });
    const before = await runCli(['db', 'indexes', '--json'], { env: db.env });
    expect(before.code).toBe(0);
    expect(JSON.parse(before.stdout).missing).toBeGreaterThan(0);

    const applied = await runCli(['db', 'indexes', '--apply'], { env: db.env });
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('created');
    expect((await indexStatus(db.ds)).every((i) => i.present)).toBe(true);
    const versionsIndex = (await db.ds.versions.listIndexes().toArray()).find(
      (i) => i.name === 'workflow_id_1_version_number_-1',
    );
    expect(versionsIndex?.unique).toBe(true);

    const again = await runCli(['db', 'indexes', '--apply', '--json'], { env: db.env });
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ created: [], missing: 0 });
  });
});

describe('wfctl db doctor', () => {
  it('db doctor --json says unique: true or false for every index', async () => {
    const j = JSON.parse((await runCli(['db', 'doctor', '--json'], { env: db.env })).stdout);
    expect(j.indexes.length).toBeGreaterThan(0);
    for (const ix of j.indexes) expect(typeof ix.unique, JSON.stringify(ix.key)).toBe('boolean');
    expect(
      j.indexes.filter((ix: { unique: boolean }) => ix.unique).map((ix: { collection: string }) => ix.collection),
    ).toEqual(['workflow_versions']);
  });

  it('names the server kind and version, counts collections, and exits 0 when healthy', async () => {
    await runCli(['db', 'indexes', '--apply'], { env: db.env });
    const r = await runCli(['db', 'doctor'], { env: db.env });
    expect(r.stdout).toMatch(/server +(FerretDB v1\.24\.2|MongoDB \d)/);
    expect(r.stdout).toMatch(/custom_workflows +1/);
    // the server's wire version beside what wfctl needs
    expect(r.stdout).toMatch(/protocol +wire version (\d+) \(wfctl needs MongoDB 4\.4 or later: wire version 9\+\)/);
    const j = JSON.parse((await runCli(['db', 'doctor', '--json'], { env: db.env })).stdout);
    expect(j.server.wireVersion).toBeGreaterThanOrEqual(9);
    expect(j.server.requires).toEqual({ mongodb: '4.4', wireVersion: 9 });
    expect(r.stdout).toContain('Healthy.');
    expect(r.code).toBe(0);
  });

  it('exits 1 with what to do when something needs attention', async () => {
    await db.ds.workflows.insertMany([
      { id: 'dup', name: 'a', enabled: true, actions: [] },
      { id: 'dup', name: 'b', enabled: true, actions: [] },
    ]);
    const r = await runCli(['db', 'doctor'], { env: db.env });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('workflow id "dup" is used by 2 documents');
    expect(r.stdout).toContain('fix:');
    const j = JSON.parse((await runCli(['db', 'doctor', '--json'], { env: db.env })).stdout);
    expect(j.healthy).toBe(false);
    expect(j.findings.some((f: { check: string }) => f.check === 'workflow-ids')).toBe(true);
    await db.ds.workflows.deleteMany({ id: 'dup' });
  });
});
