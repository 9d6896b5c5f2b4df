import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { useTestDatabase } from '../support/db.js';

const db = useTestDatabase('edge_cases');
const dir = mkdtempSync(join(tmpdir(), 'wfctl-edge-'));
const created = new Date('2025-03-01T08:00:00Z');

beforeAll(async () => {
  await db.ds.workflows.insertOne({
    id: 'wf-edit',
    name: 'Edit me',
    enabled: true,
    trigger: { type: 'manual' },
    actions: [{ name: 'a', type: 'http' }],
    created_by: 'ann',
    created_at: created,
    updated_at: created,
  });
});

describe('edit round trip: workflows show --json, edit, versions create', () => {
  it('keeps dates as dates and counts one change for one edit', async () => {
    const shown = JSON.parse((await runCli(['workflows', 'show', 'wf-edit', '--json'], { env: db.env })).stdout);
    const file = join(dir, 'edit.json');
    const edited = { ...shown.definition, description: 'edited' };
    writeFileSync(file, JSON.stringify(edited));
    const first = await runCli(
      ['versions', 'create', 'wf-edit', '--file', file, '--message', 'add description', '--json'],
      { env: db.env },
    );
    expect(first.code, first.stderr).toBe(0);
    // a first version is diffed against {}, as the backend does: DeepDiff reports the root as changed
    expect(JSON.parse(first.stdout).changes).toEqual({ values_changed: 1, items_added: 0, items_removed: 0 });
    void edited;
    const live = await db.ds.workflows.findOne({ id: 'wf-edit' });
    expect(live!.created_at).toBeInstanceOf(Date);
    // and once more from the stored version
    const again = JSON.parse(
      (await runCli(['versions', 'show', 'wf-edit', 'current', '--json'], { env: db.env })).stdout,
    );
    writeFileSync(file, JSON.stringify({ ...again.version.workflowData, description: 'edited twice' }));
    const second = await runCli(['versions', 'create', 'wf-edit', '--file', file, '--message', 'edit', '--json'], {
      env: db.env,
    });
    expect(second.code, second.stderr).toBe(0);
    // the description, and updated_at: the version holds what custom_workflows holds, stamped with the write's time
    expect(JSON.parse(second.stdout).changes).toEqual({ values_changed: 2, items_added: 0, items_removed: 0 });
    const v2 = await db.ds.versions.findOne({ workflow_id: 'wf-edit', version_number: 2 });
    expect(v2!.workflow_data.created_at).toBeInstanceOf(Date);
  });
});

describe('terminals and help', () => {
  it('a terminal that reports no width gets no spinner (and no endless redraw)', async () => {
    const r = await runCli(['workflows', 'list', '--json'], { env: db.env, tty: true, columns: 0 });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).workflows).toHaveLength(1);
    expect(r.stderr).toBe('');
  });

  it('wfctl help <command> and <group> help <verb> print help and succeed', async () => {
    const a = await runCli(['help', 'versions']);
    expect(a.code).toBe(0);
    expect(a.stdout).toContain('Usage: wfctl versions');
    const b = await runCli(['versions', 'help', 'list']);
    expect(b.code).toBe(0);
    expect(b.stdout).toContain('Usage: wfctl versions list');
  });
});

describe('bad input found in review', () => {
  it('db doctor --check with an unknown name: exit 2 naming the checks', async () => {
    const r = await runCli(['db', 'doctor', '--check', 'bogus'], { env: db.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown consistency check "bogus"; accepted: .*workflow-ids/);
  });

  it('check --output into a missing folder: exit 2, one line, no temporary file name', async () => {
    const r = await runCli(
      ['check', 'failures', '--max', '5', '--format', 'prometheus', '--output', join(dir, 'missing', 'x.prom')],
      { env: db.env },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('does not exist; nothing was written');
    expect(r.stderr).not.toContain('.tmp');
  });

  it('WFCTL_NOW that does not parse: exit 2', async () => {
    const r = await runCli(['check', 'failures', '--max', '5'], { env: { ...db.env, WFCTL_NOW: 'garbage' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('WFCTL_NOW="garbage" is not an ISO-8601 time');
  });
});

describe('one now for every command (WFCTL_NOW)', () => {
  it('audit summary, user and stats, audit list --since 7d and versions changes all count back from it', async () => {
    const at = (iso: string) => new Date(iso);
    await db.ds.audit.insertMany([
      {
        event_type: 'workflow_updated',
        workflow_id: 'wf-edit',
        user_id: 'noa',
        details: {},
        metadata: {},
        timestamp: at('2024-03-10T10:00:00Z'),
      },
      {
        event_type: 'workflow_updated',
        workflow_id: 'wf-edit',
        user_id: 'noa',
        details: {},
        metadata: {},
        timestamp: at('2024-02-01T10:00:00Z'),
      },
    ] as never[]);
    const env = { ...db.env, WFCTL_NOW: '2024-03-12T00:00:00Z' };
    const summary = JSON.parse(
      (await runCli(['audit', 'summary', 'wf-edit', '--days', '7', '--json'], { env })).stdout,
    );
    expect(summary.until).toBe('2024-03-12T00:00:00.000Z');
    expect(summary.total).toBe(1);
    const user = JSON.parse((await runCli(['audit', 'user', 'noa', '--days', '7', '--json'], { env })).stdout);
    expect(user.total).toBe(1);
    const stats = JSON.parse((await runCli(['audit', 'stats', '--days', '7', '--json'], { env })).stdout);
    expect(stats.until).toBe('2024-03-12T00:00:00.000Z');
    const list = JSON.parse(
      (await runCli(['audit', 'list', '--user', 'noa', '--since', '7d', '--json'], { env })).stdout,
    );
    expect(list.events.map((e: { timestamp: string }) => e.timestamp)).toEqual(['2024-03-10T10:00:00.000Z']);
    const changes = JSON.parse(
      (await runCli(['versions', 'changes', 'wf-edit', '--days', '7', '--json'], { env })).stdout,
    );
    expect(changes.until).toBe('2024-03-12T00:00:00.000Z');
  });
});

describe('per-day series of the audit commands', () => {
  it('are bars on a terminal and tab-separated rows when piped', async () => {
    const now = Date.now();
    await db.ds.audit.insertMany(
      [0, 1, 1, 2].map((d) => ({
        event_type: 'workflow_executed',
        workflow_id: 'wf-edit',
        user_id: 'ann',
        details: {},
        metadata: {},
        timestamp: new Date(now - d * 86_400_000 - 60_000),
      })),
    );
    const piped = await runCli(['audit', 'stats', '--days', '3'], { env: db.env });
    expect(piped.code).toBe(0);
    expect(piped.stdout).not.toContain('█');
    expect(piped.stdout).toMatch(/^\d{4}-\d{2}-\d{2}\t2$/m);
    const tty = await runCli(['audit', 'stats', '--days', '3'], { env: db.env, tty: true });
    expect(tty.stdout).toContain('█');
  });
});

describe('audit list --workflow', () => {
  it('a workflow that is nowhere (no document, no audit record) is exit 4; a deleted one with records is listed', async () => {
    const r = await runCli(['audit', 'list', '--workflow', 'wf-nowhere'], { env: db.env });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('workflow "wf-nowhere" not found, and no audit record names it');
    await db.ds.audit.insertOne({
      event_type: 'workflow_deleted',
      workflow_id: 'wf-gone',
      user_id: 'ann',
      details: {},
      metadata: {},
      timestamp: new Date(),
    });
    const gone = await runCli(['audit', 'list', '--workflow', 'wf-gone', '--json'], { env: db.env });
    expect(gone.code).toBe(0);
    expect(JSON.parse(gone.stdout).events).toHaveLength(1);
  });
});

describe('machine output is never cut', () => {
  it('audit list --format csv and --json carry the whole summary of details', async () => {
    const long = 'x'.repeat(200);
    await db.ds.audit.insertOne({
      event_type: 'workflow_updated',
      workflow_id: 'wf-edit',
      user_id: 'ann',
      details: { note: long },
      metadata: {},
      timestamp: new Date(),
    });
    const csv = await runCli(
      ['audit', 'list', '--workflow', 'wf-edit', '--event-type', 'workflow_updated', '--format', 'csv'],
      { env: db.env },
    );
    expect(csv.stdout).toContain(`note=${long}`);
    expect(csv.stdout).not.toContain('…');
    const json = JSON.parse(
      (
        await runCli(['audit', 'list', '--workflow', 'wf-edit', '--event-type', 'workflow_updated', '--json'], {
          env: db.env,
        })
      ).stdout,
    );
    expect(json.events[0].summary).toBe(`note=${long}`);
  });

  it('rollback --json of a no-op names the current version and the reason given', async () => {
    const r = await runCli(['rollback', 'wf-edit', '--to', 'current', '--reason', 'again', '--yes', '--json'], {
      env: db.env,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'unchanged', from: 2, version: 2, reason: 'again' });
  });
});

describe('audit verify', () => {
  it('a file that is not there: exit 2, "no such file"', async () => {
    const r = await runCli(['audit', 'verify', join(dir, 'nope.ndjson')], { env: db.env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope.ndjson: no such file');
  });
});
