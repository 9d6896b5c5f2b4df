/**
 * `db doctor`: is the server reachable, what is it, what does the database
 * hold, which indexes are missing, and do the data's invariants hold.
 * The consistency checks are listed in checks.ts (the contract is
 * core/consistency.ts): each wing checks the invariants it keeps, with a
 * repair where one is safe.
 */
import { MIN_SERVER_VERSION, MIN_WIRE_VERSION, type DataSource } from '../core/connection.js';
import { indexStatus, type IndexState } from './indexes.js';
import { COLLECTIONS } from '../core/types.js';
import { notBackendDatabaseMessage, otherDatabases } from '../core/backend-database.js';
import { CONSISTENCY_CHECKS } from './checks.js';
import { CHANGE_MARKS, CHANGE_REQUESTS } from '../actions/request-store.js';
import { HOLDS_COLLECTION } from '../audit/holds.js';
import type { Finding, RepairOutcome } from '../core/consistency.js';
import type { Actor } from '../core/types.js';
import { UsageError } from '../../errors.js';
import { quoteInput } from '../../quote.js';

export interface ServerInfo {
  kind: 'MongoDB' | 'FerretDB';
  version: string;
  ferretdbVersion: string | null;
  pingMs: number;
  /** the server's maxWireVersion (hello); wfctl's driver needs MIN_WIRE_VERSION or more */
  wireVersion: number | null;
  /** what wfctl needs: MongoDB 4.4 (wire version 9) or later */
  requires: { mongodb: string; wireVersion: number };
  hosts: string;
  database: string;
}

export interface CollectionInfo {
  name: string;
  /** the backend's collections, or wfctl's own (`wfctl_*`: change requests, legal holds, ...) */
  owner: 'backend' | 'wfctl';
  exists: boolean;
  count: number;
}

/** The collections wfctl itself writes; any other `wfctl_*` collection found is listed too. */
export const WFCTL_COLLECTIONS = [CHANGE_REQUESTS, CHANGE_MARKS, HOLDS_COLLECTION] as const;

export interface DoctorReport {
  server: ServerInfo;
  collections: CollectionInfo[];
  indexes: IndexState[];
  findings: Finding[];
  repairs: RepairOutcome[];
  /** true when nothing needs attention */
  healthy: boolean;
}

export async function serverInfo(ds: DataSource): Promise<ServerInfo> {
  const t0 = performance.now();
  await ds.run('ping', () => ds.db.command({ ping: 1 }));
  const pingMs = Math.round((performance.now() - t0) * 10) / 10;
  const info = await ds.run('buildInfo', () => ds.db.command({ buildInfo: 1 }));
  const hello = await ds.run('hello', () => ds.db.command({ hello: 1 }));
  const wire = typeof hello.maxWireVersion === 'number' ? hello.maxWireVersion : null;
  const ferret = typeof info.ferretdbVersion === 'string' ? info.ferretdbVersion : null;
  return {
    kind: ferret ? 'FerretDB' : 'MongoDB',
    version: String(info.version ?? 'unknown'),
    ferretdbVersion: ferret,
    pingMs,
    wireVersion: wire,
    requires: { mongodb: MIN_SERVER_VERSION, wireVersion: MIN_WIRE_VERSION },
    hosts: ds.hosts,
    database: ds.dbName,
  };
}

export async function collectionInfo(ds: DataSource): Promise<CollectionInfo[]> {
  const names = new Set(
    (await ds.run('list collections', () => ds.db.listCollections({}, { nameOnly: true }).toArray())).map(
      (c) => c.name,
    ),
  );
  const own = new Set<string>(WFCTL_COLLECTIONS);
  for (const name of names) if (name.startsWith('wfctl_')) own.add(name);
  const out: CollectionInfo[] = [];
  const add = async (name: string, owner: CollectionInfo['owner']) => {
    const exists = names.has(name);
    const count = exists
      ? await ds.run(`count ${name}`, () => ds.collection(name).estimatedDocumentCount(ds.opts()))
      : 0;
    out.push({ name, owner, exists, count });
  };
  for (const name of Object.values(COLLECTIONS)) await add(name, 'backend');
  for (const name of [...own].sort()) await add(name, 'wfctl');
  return out;
}

export interface DoctorOptions {
  repair?: boolean;
  actor?: Actor;
  /** limit the consistency checks to these names */
  only?: string[];
}

export async function runDoctor(ds: DataSource, options: DoctorOptions = {}): Promise<DoctorReport> {
  const server = await serverInfo(ds);
  const collections = await collectionInfo(ds);
  const indexes = await indexStatus(ds);
  const findings: Finding[] = [];
  // a database without any of the backend's collections: that is the finding, not its missing indexes
  const backend = collections.some((c) => c.owner === 'backend' && c.exists);
  if (!backend) {
    findings.push({
      check: 'collections',
      severity: 'error',
      message: notBackendDatabaseMessage(ds.dbName, await otherDatabases(ds)),
      fix: "name the backend's database with --db (or WFCTL_DB, DB_NAME); a new database: wfctl db indexes --apply --new-database",
    });
  }
  for (const ix of backend ? indexes : []) {
    if (!ix.present) {
      findings.push({
        check: 'indexes',
        severity: 'warning',
        message: `missing index ${ix.collection} ${JSON.stringify(ix.key)}${ix.unique ? ' (unique)' : ''}: ${ix.purpose}`,
        fix: 'wfctl db indexes --apply',
        data: { collection: ix.collection, key: ix.key },
      });
    } else if (ix.uniqueMismatch) {
      findings.push({
        check: 'indexes',
        severity: 'error',
        message: `index ${ix.name} on ${ix.collection} is not unique; concurrent writers could take the same version number`,
        fix: `drop index ${ix.name} on ${ix.collection}, then run wfctl db indexes --apply`,
      });
    }
  }
  const unknown = (options.only ?? []).filter((name) => !CONSISTENCY_CHECKS.some((c) => c.name === name));
  if (unknown.length > 0) {
    throw new UsageError(
      `unknown consistency check ${unknown.map((n) => quoteInput(n)).join(', ')}; accepted: ${CONSISTENCY_CHECKS.map((c) => c.name).join(', ')}`,
    );
  }
  const checks = CONSISTENCY_CHECKS.filter((c) => !options.only || options.only.includes(c.name));
  const repairs: RepairOutcome[] = [];
  for (const check of checks) {
    let found = await check.run(ds);
    if (options.repair && check.repair && options.actor && found.some((f) => f.repairable)) {
      repairs.push(
        ...(await check.repair(
          ds,
          found.filter((f) => f.repairable),
          options.actor,
        )),
      );
      found = await check.run(ds); // report what is left after the repair
    }
    findings.push(...found);
  }
  return {
    server,
    collections,
    indexes,
    findings,
    repairs,
    healthy: !findings.some((f) => f.severity === 'warning' || f.severity === 'error'),
  };
}
