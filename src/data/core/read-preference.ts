/**
 * Read preference: which member of a replica set (or which shard member behind
 * mongos) a read-only command reads from. The mode, the tag sets and
 * maxStalenessSeconds are the driver's, passed through as it defines them
 * (tag sets in its text form `dc:east,use:analytics`; an empty one, '',
 * matches any member). The connection string's own readPreference,
 * readPreferenceTags and maxStalenessSeconds apply where wfctl names none.
 *
 * The one rule of where reads go: a command that reads the primary (every
 * write, rollback, db doctor: see CommandContext.dataSource) gets `primary`
 * whatever the flags or the connection string say, tags and staleness
 * dropped; every other command reads where the read preference says.
 */
// types only: the CLI parses tag sets before it loads the driver
import type { MongoClient, ReadPreference, ReadPreferenceMode, TagSet } from 'mongodb';
import { UsageError } from '../../errors.js';
import { quoteInput } from '../../quote.js';

export const READ_PREFERENCES = ['primary', 'primaryPreferred', 'secondary', 'secondaryPreferred', 'nearest'] as const;

/** The driver's floor for maxStalenessSeconds (the max-staleness spec's smallest value). */
export const MIN_MAX_STALENESS_SECONDS = 90;

export interface ReadPreferenceSetting {
  mode?: ReadPreferenceMode;
  /** tag sets in the driver's text form, tried in order: "dc:east,use:analytics"; '' matches any member */
  tags?: readonly string[];
  maxStalenessSeconds?: number;
  /** read the primary whatever else is set (a command that writes or decides on what it reads) */
  primaryOnly?: boolean;
}

/**
 * Checks one tag set in the driver's text form ("dc:east,use:analytics", or ''
 * for any member) and returns it as the driver reads it.
 */
export function parseTagSet(text: string): TagSet {
  const set: TagSet = {};
  if (text === '') return set;
  for (const pair of text.split(',')) {
    const colon = pair.indexOf(':');
    const key = colon > 0 ? pair.slice(0, colon) : '';
    if (key === '' || key.trim() !== key)
      throw new UsageError(
        `read preference tags ${quoteInput(text)}: each tag is name:value, separated by commas (dc:east,use:analytics); '' matches any member`,
      );
    if (Object.hasOwn(set, key)) throw new UsageError(`read preference tags ${quoteInput(text)} name ${key} twice`);
    set[key] = pair.slice(colon + 1);
  }
  return set;
}

/** The MongoClient options that carry the setting (the connection string supplies what it leaves out). */
export function readPreferenceClientOptions(s: ReadPreferenceSetting | undefined): Record<string, unknown> {
  if (!s) return {};
  // the driver merges this over the connection string's read preference: the explicit undefined
  // staleness replaces the string's maxStalenessSeconds, the empty list its readPreferenceTags
  if (s.primaryOnly)
    return {
      readPreference: { mode: 'primary', tags: undefined, maxStalenessSeconds: undefined },
      readPreferenceTags: [],
    };
  return {
    ...(s.mode ? { readPreference: s.mode } : {}),
    ...(s.tags && s.tags.length > 0 ? { readPreferenceTags: s.tags.map(parseTagSet) } : {}),
    ...(s.maxStalenessSeconds !== undefined ? { maxStalenessSeconds: s.maxStalenessSeconds } : {}),
  };
}

/** "nearest (tags dc:east,use:analytics then any member; max staleness 120s)": the read preference in words. */
export function describeReadPreference(rp: ReadPreference): string {
  const parts: string[] = [];
  const tags = rp.tags ?? [];
  if (tags.length > 0)
    parts.push(
      `tags ${tags
        .map((t) =>
          Object.keys(t).length === 0
            ? 'any member'
            : Object.entries(t)
                .map(([k, v]) => `${k}:${v}`)
                .join(','),
        )
        .join(' then ')}`,
    );
  if (rp.maxStalenessSeconds !== undefined) parts.push(`max staleness ${rp.maxStalenessSeconds}s`);
  return parts.length > 0 ? `${rp.mode} (${parts.join('; ')})` : rp.mode;
}

/**
 * Refuses primary with tags or a max staleness (which choose among
 * secondaries), from wfctl's setting or the connection string, naming the
 * read preference; the driver would throw a bare message for some and quietly
 * drop the others.
 */
export function refusePrimaryWithSelectors(mode: string, tags: readonly unknown[], maxStalenessSeconds?: number): void {
  if (mode !== 'primary' || (tags.length === 0 && maxStalenessSeconds === undefined)) return;
  const shown = describeReadPreference({
    mode,
    tags: tags.map((t) => (typeof t === 'string' ? parseTagSet(t) : (t as TagSet))),
    maxStalenessSeconds,
  } as ReadPreference);
  throw new UsageError(
    `read preference ${shown}: tags and max staleness choose among secondaries, and primary reads the primary only`,
    { hint: 'add --read-preference nearest or secondaryPreferred (or readPreference= in the connection string)' },
  );
}

/** The read preference the client ended with, from wfctl's setting over the connection string's. */
export function effectiveReadPreference(client: MongoClient, asked: ReadPreferenceSetting = {}): ReadPreference {
  const rp = client.options.readPreference;
  if (!asked.primaryOnly)
    refusePrimaryWithSelectors(
      rp.mode,
      asked.tags && asked.tags.length > 0 ? asked.tags : (rp.tags ?? []),
      asked.maxStalenessSeconds ?? rp.maxStalenessSeconds,
    );
  return rp;
}

interface KnownServer {
  address: string;
  type: string;
  tags: TagSet;
}

/** Whether a member with these tags matches one of the tag sets (none: any member). */
function tagsMatch(tags: TagSet, sets: TagSet[] | undefined): boolean {
  if (!sets || sets.length === 0) return true;
  return sets.some((set) => Object.entries(set).every(([k, v]) => tags[k] === v));
}

/**
 * Why a standalone server cannot serve the read preference, or undefined when
 * it can. The driver sends every read to a standalone whatever the read
 * preference (the server selection spec), which would quietly put reads meant
 * for a secondary, or for tagged analytics nodes, on the only server: wfctl
 * refuses that. A standalone counts as a primary without tags.
 */
export function standaloneRefusal(rp: ReadPreference, server: KnownServer): string | undefined {
  if (server.type !== 'Standalone') return undefined;
  if (rp.mode === 'primary' || rp.mode === 'primaryPreferred') return undefined;
  if (rp.mode === 'secondary') return 'it is a standalone server, not a replica set: it has no secondary';
  if (rp.mode === 'nearest' && !tagsMatch(server.tags, rp.tags))
    return 'it is a standalone server without tags, and no tag set matches it';
  return undefined;
}

/**
 * The members a server selection saw, for a failure to find one that matches
 * the read preference: "127.0.0.1:27017 primary" (with tags when it has any);
 * undefined when none answered (then the server is unreachable, not unmatched).
 */
export function membersSeen(reason: unknown): KnownServer[] | undefined {
  const servers = (reason as { servers?: Map<string, KnownServer> } | undefined)?.servers;
  if (!(servers instanceof Map)) return undefined;
  const known = [...servers.values()].filter((s) => s.type !== 'Unknown');
  return known.length > 0 ? known : undefined;
}

const MEMBER_TYPES: Record<string, string> = {
  RSPrimary: 'primary',
  RSSecondary: 'secondary',
  RSArbiter: 'arbiter',
  RSOther: 'other',
  RSGhost: 'not yet a member',
  Mongos: 'mongos',
  Standalone: 'standalone',
  LoadBalancer: 'load balancer',
};

export function describeMembers(members: KnownServer[]): string {
  return members
    .map((m) => {
      const tags = Object.entries(m.tags ?? {});
      const tagText = tags.length > 0 ? ` tagged ${tags.map(([k, v]) => `${k}:${v}`).join(',')}` : ' without tags';
      return `${m.address} ${MEMBER_TYPES[m.type] ?? m.type}${tagText}`;
    })
    .join(', ');
}
