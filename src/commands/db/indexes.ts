import type { CommandContext } from '../../context.js';
import { applyIndexes, indexStatus, type IndexState } from '../../data/db/index.js';
import {
  backendCollectionsIn,
  NotBackendDatabaseError,
  notBackendDatabaseMessage,
  otherDatabases,
} from '../../data/core/index.js';
import { RuntimeError } from '../../errors.js';
import type { IOStreams } from '../../io.js';
import { printJson } from '../../render/json.js';
import { renderTable } from '../../render/table.js';
import { createTheme } from '../../render/theme.js';

export interface IndexesResult {
  indexes: IndexState[];
  created: IndexState[];
  failed: Array<{ collection: string; key: Record<string, number>; error: string }>;
  missing: number;
}

/**
 * On a database without any of the backend's collections (a mistyped --db),
 * creating indexes would create the collections: refused (exit 1) unless
 * --new-database says the database is meant to be new.
 */
export async function runIndexes(
  input: { apply: boolean; newDatabase?: boolean },
  ctx: CommandContext,
): Promise<IndexesResult> {
  const ds = await ctx.dataSource({ writes: input.apply, anyDatabase: true });
  if (input.newDatabase !== true && (await backendCollectionsIn(ds)).length === 0) {
    throw new NotBackendDatabaseError(notBackendDatabaseMessage(ds.dbName, await otherDatabases(ds)), {
      hint: "name the backend's database with --db (or WFCTL_DB, DB_NAME); to prepare a new one before the backend writes to it: wfctl db indexes --apply --new-database",
    });
  }
  let created: IndexState[] = [];
  let failed: IndexesResult['failed'] = [];
  if (input.apply) {
    const r = await applyIndexes(ds);
    created = r.created;
    failed = r.failed.map((f) => ({ collection: f.index.collection, key: f.index.key, error: f.error }));
  }
  const indexes = await indexStatus(ds);
  return { indexes, created, failed, missing: indexes.filter((i) => !i.present).length };
}

export function printIndexes(result: IndexesResult, io: IOStreams, format: string): void {
  if (format === 'json') return printJson(io, result);
  io.out(
    renderTable(
      io,
      [
        { header: 'collection', value: (i: IndexState) => i.collection },
        { header: 'key', value: (i) => JSON.stringify(i.key) },
        { header: 'unique', value: (i) => (i.unique ? 'yes' : '') },
        {
          header: 'status',
          value: (i) =>
            result.created.some((c) => c.collection === i.collection && JSON.stringify(c.key) === JSON.stringify(i.key))
              ? 'created'
              : i.present
                ? i.uniqueMismatch
                  ? 'not unique'
                  : 'present'
                : 'missing',
          style: (t, _i, th) => (t === 'present' || t === 'created' ? th.success(t) : th.failure(t)),
        },
        { header: 'name', value: (i) => i.name },
        { header: 'purpose', value: (i) => i.purpose, maxWidth: 60 },
      ],
      result.indexes,
      format === 'csv' ? 'csv' : 'table',
    ),
  );
  if (format === 'table') {
    const theme = createTheme(io.colorStderr);
    if (result.created.length > 0) io.note(`${theme.success('✓')} created ${result.created.length} index(es)\n`);
    if (result.missing > 0)
      io.note(`${theme.warning('!')} ${result.missing} recommended index(es) missing: run wfctl db indexes --apply\n`);
  }
  if (result.failed.length > 0) {
    throw new RuntimeError(
      `${result.failed.length} index(es) could not be created: ${result.failed.map((f) => `${f.collection} ${JSON.stringify(f.key)}: ${f.error}`).join('; ')}`,
      { hint: 'a unique index fails while duplicates exist: wfctl db doctor lists them' },
    );
  }
}
