/**
 * Who acts on a change request: the authenticated database user where the
 * connection authenticates (the server's word), else the declared user (a
 * claim: every approval by one says "identity not authenticated").
 */
import { createHash } from 'node:crypto';
import type { DataSource } from '../core/connection.js';
import { authenticatedName, authenticatedUsers } from '../core/identity.js';
import type { Actor } from '../core/types.js';

export interface RequestIdentity {
  /** the name requests compare: the authenticated user, else the declared one */
  id: string;
  /** whether `id` is the server's word (an authenticated database user) */
  authenticated: boolean;
  /** the declared user (--as, WFCTL_USER, the OS user) */
  declared: string;
  host: string;
}

export const NOT_AUTHENTICATED = 'identity not authenticated';

export async function requestIdentity(ds: DataSource, actor: Actor): Promise<RequestIdentity> {
  const users = await ds.run('read the connection status', () => authenticatedUsers(ds.db));
  const name = authenticatedName(users, ds.dbName);
  return { id: name ?? actor.user, authenticated: name !== null, declared: actor.user, host: actor.host };
}

/** A key for an identity in a stored map: the name may hold dots or a leading $. */
export function identityKey(id: string): string {
  return createHash('sha256').update(id).digest('hex').slice(0, 24);
}

/** "alice" or "bob (identity not authenticated)" */
export function describeIdentity(who: Pick<RequestIdentity, 'id' | 'authenticated'>): string {
  return who.authenticated ? who.id : `${who.id} (${NOT_AUTHENTICATED})`;
}
