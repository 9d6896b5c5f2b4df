/**
 * Who the connection really is: the database user(s) the driver authenticated
 * as (SCRAM, x.509, LDAP: whatever the URI asked for), read from the server's
 * `connectionStatus`. A declared acting user (`--as`) is a claim; this is the
 * server's word. Nothing here reads a password.
 */
import type { Db } from 'mongodb';
import type { Actor } from './types.js';
import { UsageError } from '../../errors.js';
import { quoteInput } from '../../quote.js';

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

/**
 * How a declared user is held against the authenticated one: `record` (the default) records both
 * and lets them differ; `strict` refuses a write whose declared user is not the authenticated one,
 * or that has no authenticated user to hold it against.
 */
export const IDENTITY_MODES = ['record', 'strict'] as const;
export type IdentityMode = (typeof IDENTITY_MODES)[number];

/** Who acts on a write: the declared user (`--as`, a claim) and the database user the connection authenticated as. */
export interface ActingIdentity {
  declared: string;
  /** authenticatedName of the connection; null when it did not authenticate */
  authenticated: string | null;
}

/** The setting, the declared user and where each came from, as the configuration resolved them. */
export interface IdentitySetting {
  mode: IdentityMode;
  /** where the mode came from (--identity, WFCTL_IDENTITY, a context, default) */
  modeSource: string;
  declared: string;
  /** where the declared user came from (--as, --user, WFCTL_USER, os) */
  declaredSource: string;
}

/**
 * What a person is shown beside a declared user: the authenticated user where it differs from the
 * declared one (a record written as "ops" by the database user alice), else null.
 */
export function differingAuthenticatedUser(declared: string | null, authenticated: string | null): string | null {
  if (authenticated === null || authenticated === '') return null;
  // a connection that authenticated more than once is recorded with its names joined by commas
  return declared !== null && (declared === authenticated || authenticated.split(',').includes(declared))
    ? null
    : authenticated;
}

/** The users a connection authenticated as, asked of the server once (`connectionStatus`). */
export async function connectionIdentity(ds: {
  db: Db;
  run<T>(what: string, op: () => Promise<T>): Promise<T>;
}): Promise<AuthenticatedUser[]> {
  return ds.run('ask the server who this connection is (connectionStatus)', () => authenticatedUsers(ds.db));
}

/**
 * The one decision of who acts on a write, given the resolved setting and the connection's
 * authenticated name. `record`: both as they are. `strict`: no authenticated user is exit 2; a
 * declared user (--as, --user, WFCTL_USER) other than the authenticated one is exit 2; with none
 * declared (the OS user name by default), the authenticated user is the declared one too.
 * Nothing is written before this passes.
 */
export function decideIdentity(
  setting: IdentitySetting,
  users: readonly AuthenticatedUser[],
  workingDb: string,
): ActingIdentity {
  const authenticated = authenticatedName(users, workingDb);
  if (setting.mode !== 'strict') return { declared: setting.declared, authenticated };
  const why = `--identity strict (from ${setting.modeSource})`;
  if (authenticated === null) {
    throw new UsageError(
      `identity strict needs an authenticated connection: this connection logged in as no database user, so ${why} refuses to write; nothing was written`,
      {
        hint: 'connect as a database user (user:password@ in the connection string, or x.509/LDAP), or leave strict mode',
      },
    );
  }
  if (setting.declaredSource === 'os') return { declared: authenticated, authenticated };
  // exactly one of the users as it is recorded (alice, or alice@ops for a user of another database):
  // never a prefix, since "alice" is not the user "alice@example.com"
  const names = users.map((u) => authenticatedName([u], workingDb));
  if (setting.declared !== authenticated && !names.includes(setting.declared)) {
    throw new UsageError(
      `the declared user ${quoteInput(setting.declared)} (from ${setting.declaredSource}) is not the authenticated database user ${quoteInput(authenticated)}; ${why} refuses to write; nothing was written`,
      {
        hint: `leave out ${setting.declaredSource} (the authenticated user is then recorded), or connect as that user`,
      },
    );
  }
  return { declared: setting.declared, authenticated };
}

/** An audit event's metadata as wfctl writes it: the host, the tool, and the authenticated user when there is one. */
export function eventMetadata(actor: Actor, authenticatedUser?: string | null): Record<string, string> {
  return {
    host: actor.host,
    tool: actor.userAgent,
    ...(authenticatedUser ? { authenticated_user: authenticatedUser } : {}),
  };
}
