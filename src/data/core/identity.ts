/**
 * Who the connection really is: the database user(s) the driver authenticated
 * as (SCRAM, x.509, LDAP: whatever the URI asked for), read from the server's
 * `connectionStatus`. A declared acting user (`--as`) is a claim; this is the
 * server's word. Nothing here reads a password.
 */
import type { Db } from 'mongodb';

/** One authenticated database user, as the server names it. */
export interface AuthenticatedUser {
  user: string;
  /** the database the user is defined in (authSource) */
  db: string;
}

/**
 * The users this connection authenticated as, in the server's order; empty when
 * it did not authenticate (no credentials, or a server without authentication).
 */
export async function authenticatedUsers(db: Db): Promise<AuthenticatedUser[]> {
  const status = await db.command({ connectionStatus: 1 });
  const list: unknown = (status.authInfo as { authenticatedUsers?: unknown } | undefined)?.authenticatedUsers;
  if (!Array.isArray(list)) return [];
  const users: AuthenticatedUser[] = [];
  for (const entry of list) {
    if (entry === null || typeof entry !== 'object') continue;
    const { user, db: userDb } = entry as { user?: unknown; db?: unknown };
    if (typeof user === 'string' && user !== '') users.push({ user, db: typeof userDb === 'string' ? userDb : '' });
  }
  return users;
}

/**
 * The one name to record for the authenticated user: `user` alone when it is
 * defined in the database wfctl works on or in `admin`, else `user@db`; several
 * (rare: a connection that authenticated more than once) joined by commas.
 * Null when the connection did not authenticate.
 */
export function authenticatedName(users: readonly AuthenticatedUser[], workingDb: string): string | null {
  if (users.length === 0) return null;
  return users
    .map((u) => (u.db === workingDb || u.db === 'admin' || u.db === '' ? u.user : `${u.user}@${u.db}`))
    .join(',');
}
