/**
 * The checkpoint is read under its lock: a run that would read it before
 * taking the lock could start from a position another run has since moved.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { exportAuditTrail } from '../../../../src/data/audit/index.js';
import { insertAudit, makeAuditDocs, ndjsonRecords } from '../../../support/audit-fixtures.js';
import { useTestDatabase } from '../../../support/db.js';

// holds the next attempt to take a checkpoint lock until the test lets it go
const gate = vi.hoisted(() => ({
  hold: undefined as Promise<void> | undefined,
  reached: undefined as (() => void) | undefined,
}));
vi.mock('node:fs/promises', async (importOriginal) => {
  const orig = await importOriginal<typeof import('node:fs/promises')>();
  // placing a lock claim is a rename of its temporary file to CKPT.lock.<token>
  const rename = (async (...args: Parameters<typeof orig.rename>) => {
    const [, to] = args;
    if (gate.hold && typeof to === 'string' && to.includes('.ckpt.lock.')) {
      const h = gate.hold;
      gate.hold = undefined;
      gate.reached?.();
      await h;
    }
    return orig.rename(...args);
  }) as typeof orig.rename;
  return { ...orig, rename, default: { ...orig, rename } };
});

const db = useTestDatabase('audit_lock');
const dir = mkdtempSync(join(tmpdir(), 'wfctl-audit-lock-'));
const actor = { user: 't', host: 'h', userAgent: 'wfctl/test' };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('audit export: the checkpoint is read under the lock', () => {
  it('a run that takes the lock just after another released it continues from that run, not from before it', async () => {
    const ckpt = join(dir, 'a.ckpt');
    const run = (name: string) =>
      exportAuditTrail(db.ds, { filter: {}, format: 'ndjson', output: join(dir, name), checkpoint: ckpt, actor });
    await insertAudit(db.ds, makeAuditDocs(50, new Date('2025-01-01T00:00:00Z'), 1000));
    expect((await run('0.ndjson')).records).toBe(50);
    await insertAudit(db.ds, makeAuditDocs(40, new Date('2025-02-01T00:00:00Z'), 1000));

    let release!: () => void;
    gate.hold = new Promise<void>((r) => (release = r));
    const reached = new Promise<void>((r) => (gate.reached = r));
    const b = run('b.ndjson'); // waits at the lock
    await reached;
    const a = await run('a.ndjson'); // takes the lock, exports, moves the checkpoint, releases the lock
    expect(a.records).toBe(40);
    release();
    const rb = await b;
    expect(rb.series?.index).toBe(3);
    const ids = [
      ...ndjsonRecords(readFileSync(join(dir, 'a.ndjson'), 'utf8')),
      ...ndjsonRecords(readFileSync(join(dir, 'b.ndjson'), 'utf8')),
    ].map((x) => x._id);
    expect(new Set(ids).size).toBe(ids.length); // nothing exported twice
    expect(rb.records).toBe(0);
  });
});
