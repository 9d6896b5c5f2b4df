/**
 * Is this the backend's database? A mistyped database name connects fine and
 * reads as empty: "No workflows match.", exit 0. So before a command's first
 * read wfctl asks, once and cheaply (one listCollections of names only), for
 * the backend's collections, and a database that holds none of them is named
 * as such (exit 1), with the databases the server has, where the user may
 * list them. A database that holds the collections, even empty ones, is the
 * backend's: its zeros are honest.
 */
import { RuntimeError } from '../../errors.js';
import { escapeControls } from '../../quote.js';
import type { DataSource } from './connection.js';
import { COLLECTIONS } from './types.js';

/** The backend's collections, in the order messages name them. */
export const BACKEND_COLLECTIONS: readonly string[] = [
  COLLECTIONS.workflows,
  COLLECTIONS.versions,
  COLLECTIONS.executions,
  COLLECTIONS.attempts,
  COLLECTIONS.audit,
];

/** The server's own databases, never the one meant. */
const SYSTEM_DATABASES = new Set(['admin', 'config', 'local']);
/** How many other databases the message names at most. */
const SHOWN_DATABASES = 20;
/** the server's answer to a field it does not know */
const BAD_VALUE = 2;

/** A database that holds none of the backend's collections: exit 1. */
export class NotBackendDatabaseError extends RuntimeError {}

/** The backend's collections this database holds (names only, those the user may see). */
export async function backendCollectionsIn(ds: DataSource): Promise<string[]> {
  const found = await ds.run('list collections', () =>
    ds.db
      .listCollections({ name: { $in: [...BACKEND_COLLECTIONS] } }, { nameOnly: true, authorizedCollections: true })
      .toArray(),
  );
  const names = new Set(found.map((c) => c.name));
  return BACKEND_COLLECTIONS.filter((n) => names.has(n));
}

/**
 * The other databases of the server, for the message: names only, the ones
 * the user may see; null when the server does not let this user list them.
 */
export async function otherDatabases(ds: DataSource): Promise<string[] | null> {
  // authorizedDatabases: a user without the listDatabases privilege sees the
  // ones they may use; a server that does not know the field (FerretDB 2 answers
  // BadValue, code 2) gets the plain command, which MongoDB answers the same way
  const admin = ds.db.admin();
  try {
    const r = await ds.run(
      'list databases',
      () =>
        admin.listDatabases({ nameOnly: true, authorizedDatabases: true }).catch((e: unknown) => {
          if ((e as { code?: unknown }).code === BAD_VALUE) return admin.listDatabases({ nameOnly: true });
          throw e;
        }),
      { retry: { ...ds.retry, retries: 0 } },
    );
    const names = r.databases.map((d) => String(d.name));
    return names.filter((n) => n !== ds.dbName && !SYSTEM_DATABASES.has(n)).sort();
  } catch {
    // not permitted (or not answered): the message goes without the list
    return null;
  }
}

/** The one-line message for a database without the backend's collections. */
export function notBackendDatabaseMessage(dbName: string, others: string[] | null): string {
  let text = `database '${escapeControls(dbName)}' holds none of the backend's collections (${BACKEND_COLLECTIONS.join(', ')})`;
  if (others !== null) {
    const shown = others.slice(0, SHOWN_DATABASES);
    const more = others.length - shown.length;
    text +=
      others.length === 0
        ? '; the server has no other database'
        : `; databases on this server: ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
  }
  return text;
}

/** Throws NotBackendDatabaseError unless the database holds at least one of the backend's collections. */
export async function requireBackendDatabase(ds: DataSource, hint?: string): Promise<void> {
  if ((await backendCollectionsIn(ds)).length > 0) return;
  throw new NotBackendDatabaseError(
    notBackendDatabaseMessage(ds.dbName, await otherDatabases(ds)),
    hint === undefined ? undefined : { hint },
  );
}
