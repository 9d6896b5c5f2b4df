import type { CommandContext } from '../../context.js';
import { listVersions, type VersionSummary } from '../../data/versions/index.js';
import { healthFigures, versionHealth, type HealthFigures } from '../../data/metrics/index.js';
import { differingAuthenticatedUser, resolveWorkflow } from '../../data/core/index.js';
import { formatPercent } from '../../data/core/index.js';
import type { IOStreams } from '../../io.js';
import { printJson } from '../../render/json.js';
import { renderTable, type Column } from '../../render/table.js';
import { quoteInput } from '../../quote.js';
import { formatDuration, formatLive } from '../../render/time.js';

/** A version as `versions show` prints it; the list adds its health. */
export interface VersionItem {
  version: number;
  current: boolean;
  changedAt: Date | null;
  changedBy: string | null;
  /** the database user the writing connection authenticated as (changedBy is the declared one); null when none was recorded */
  authenticatedUser: string | null;
  description: string | null;
  rollbackOf: number | null;
  reason: string | null;
}

export interface VersionListItem extends VersionItem {
  /** how it ran while it was live; null with --no-health */
  health: HealthFigures | null;
}

export { healthFigures, type HealthFigures };

export interface ListVersionsResult {
  workflow: { id: string; name: string };
  /** versions the workflow has in all (the list may be cut by --limit) */
  total: number;
  versions: VersionListItem[];
}

export function toItem(v: VersionSummary): VersionItem {
  return {
    version: v.version,
    current: v.isCurrent,
    changedAt: v.changedAt,
    changedBy: v.changedBy,
    authenticatedUser: v.authenticatedUser,
    description: v.description,
    rollbackOf: v.rollbackOf,
    reason: v.reason,
  };
}

export async function runListVersions(
  input: { workflow: string; limit?: number; health?: boolean },
  ctx: CommandContext,
): Promise<ListVersionsResult> {
  const ds = await ctx.dataSource();
  const wf = await resolveWorkflow(ds, input.workflow);
  const list = await listVersions(ds, wf.id, input.limit !== undefined ? { limit: input.limit } : {});
  // the list is the newest versions: every version above the oldest listed one is in it, as the attribution needs
  const health =
    input.health === false
      ? null
      : await versionHealth(ds, { workflowId: wf.id, versions: list.versions, now: ctx.now() });
  return {
    workflow: { id: wf.id, name: wf.name },
    total: list.total,
    versions: list.versions.map((v, i) => ({ ...toItem(v), health: health ? healthFigures(health[i]!) : null })),
  };
}

const base: Column<VersionListItem>[] = [
  { header: 'version', value: (v) => v.version, align: 'right', style: (t, v, th) => (v.current ? th.bold(t) : t) },
  { header: 'current', value: (v) => (v.current ? '*' : ''), style: (t, _v, th) => th.success(t), dropOrder: 1 },
  { header: 'changed at', value: (v) => v.changedAt },
  { header: 'changed by', value: (v) => v.changedBy, dropOrder: 3 },
];
/** On a terminal, where it differs from CHANGED BY: the database user that wrote the version. */
const authenticatedAs: Column<VersionListItem> = {
  header: 'authenticated as',
  value: (v) => differingAuthenticatedUser(v.changedBy, v.authenticatedUser),
  maxWidth: 28,
  hideWhenEmpty: true,
  style: (t, _v, th) => th.warning(t),
};
/** Piped and CSV, last: the stored value, equal to CHANGED BY or not. */
const authenticatedUser: Column<VersionListItem> = { header: 'authenticated user', value: (v) => v.authenticatedUser };
/**
 * The free text (description, reason) is what may be cut to fit; numbers,
 * times and RESTORES never are. RESTORES and REASON show on a terminal only
 * when a listed version is a rollback.
 */
const tail: Column<VersionListItem>[] = [
  { header: 'description', value: (v) => v.description, maxWidth: 60 },
  {
    header: 'restores',
    value: (v) => (v.rollbackOf !== null ? `v${v.rollbackOf}` : ''),
    style: (t, _v, th) => th.warning(t),
    hideWhenEmpty: true,
  },
];
/** The rollback's reason: after the old columns when piped, so that scripts reading by position keep working. */
const reason: Column<VersionListItem> = { header: 'reason', value: (v) => v.reason, maxWidth: 40, hideWhenEmpty: true };

/** On a terminal: figures for people (spans, durations, a rounded rate). */
const healthForPeople: Column<VersionListItem>[] = [
  { header: 'live', value: (v) => (v.health?.liveMs == null ? null : formatLive(v.health.liveMs)), align: 'right' },
  { header: 'runs', value: (v) => v.health?.runs, align: 'right' },
  {
    header: 'ok',
    value: (v) => (v.health?.successRate == null ? null : formatPercent(v.health.successRate)),
    align: 'right',
  },
  {
    header: 'partial',
    value: (v) => (v.health?.succeededWithFailedActions ? v.health.succeededWithFailedActions : null),
    align: 'right',
    dropOrder: 4,
  },
  {
    header: 'p95',
    value: (v) => (v.health?.p95DurationMs == null ? null : formatDuration(v.health.p95DurationMs)),
    align: 'right',
    dropOrder: 2,
  },
];

/** Piped and in CSV: the plain numbers. */
const healthForMachines: Column<VersionListItem>[] = [
  { header: 'live ms', value: (v) => v.health?.liveMs },
  { header: 'runs', value: (v) => v.health?.runs },
  { header: 'succeeded', value: (v) => v.health?.succeeded },
  { header: 'succeeded with failed actions', value: (v) => v.health?.succeededWithFailedActions },
  { header: 'failed', value: (v) => v.health?.failed },
  { header: 'success rate', value: (v) => v.health?.successRate },
  { header: 'p95 ms', value: (v) => v.health?.p95DurationMs },
];

function columnsFor(result: ListVersionsResult, forPeople: boolean): Column<VersionListItem>[] {
  const withHealth = result.versions.some((v) => v.health !== null);
  if (forPeople) return [...base, authenticatedAs, ...(withHealth ? healthForPeople : []), ...tail, reason];
  // piped and CSV: new columns after the old ones, so that scripts reading by position keep working
  return [...base, ...tail, ...(withHealth ? healthForMachines : []), reason, authenticatedUser];
}

export function printListVersions(result: ListVersionsResult, io: IOStreams, format: string): void {
  if (format === 'json') return printJson(io, result);
  if (result.versions.length === 0 && format === 'table') {
    io.note(`Workflow ${quoteInput(result.workflow.id)} has no versions yet.\n`);
    return;
  }
  const forPeople = format === 'table' && io.stdoutIsTTY;
  io.out(renderTable(io, columnsFor(result, forPeople), result.versions, format === 'csv' ? 'csv' : 'table'));
  if (format === 'table' && io.stdoutIsTTY && result.total > result.versions.length) {
    io.note(`Showing ${result.versions.length} of ${result.total} versions; --limit or --all shows more.\n`);
  }
}
