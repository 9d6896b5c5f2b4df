/**
 * The archive tests' common ground: a test database refilled before each test with 1,000 records,
 * one a minute from 2025-01-01 00:00 (600 of them before ARCHIVE_BEFORE), plus what `more` adds, and
 * a folder for the files, removed at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach } from 'vitest';
import type { DataSource } from '../../src/data/core/index.js';
import { insertAudit, makeAuditDocs } from './audit-fixtures.js';
import { useTestDatabase } from './db.js';

export const ARCHIVE_BEFORE = new Date('2025-01-01T10:00:00Z');

export function useArchiveSetup(name: string, more?: (ds: DataSource) => Promise<unknown>) {
  const db = useTestDatabase(name);
  const dir = mkdtempSync(join(tmpdir(), `wfctl-${name}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeEach(async () => {
    await db.ds.audit.deleteMany({});
    await insertAudit(db.ds, makeAuditDocs(1000, new Date('2025-01-01T00:00:00Z'), 60_000));
    await more?.(db.ds);
  });
  return { db, dir };
}
