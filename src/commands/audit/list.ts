import type { CommandContext } from '../../context.js';
import {
  explainAuditList,
  hasAuditRecords,
  listAuditEvents,
  streamAuditEvents,
  summarizeDetails,
  type AuditDocument,
  type AuditQueryPlan,
  type AuditRecord,
} from '../../data/audit/index.js';
import { drained } from '../../data/core/index.js';
import { OutputWriteError, WorkflowNotFoundError } from '../../errors.js';
import type { IOStreams } from '../../io.js';
import { jsonReplacer, printJson } from '../../render/json.js';
import { renderTable, type Column } from '../../render/table.js';
import type { AuditFilterInput } from './options.js';
import { toAuditFilter } from './filter.js';
import { quoteInput } from '../../quote.js';
import { differingAuthenticatedUser, workflowNames, type DataSource } from '../../data/core/index.js';

/** An event as `audit list` prints it: the record and its workflow's name (null when none is live). */
export type AuditListEvent = AuditRecord & { workflowName: string | null };

export interface ListAuditInput extends AuditFilterInput {
  /** null: every matching event */
  limit: number | null;
  explain: boolean;
}

/** What `audit list` prints: a page of events, a stream (--all), or the query plan (--explain). */
export type AuditListOutput =
  | { kind: 'events'; events: AuditListEvent[]; limit: number | null; truncated: boolean }
  | { kind: 'stream'; events: AsyncIterable<AuditListEvent> }
  | {
      kind: 'explain';
      query: { filter: AuditDocument; sort: AuditDocument; index: AuditQueryPlan['index'] };
      explain: AuditDocument;
    };

export async function runListAudit(input: ListAuditInput, ctx: CommandContext): Promise<AuditListOutput> {
  const ds = await ctx.dataSource();
  const filter = await toAuditFilter(input, ctx, async ({ id, exists }) => {
    // a deleted workflow lives on in the trail; a name that is nowhere is a typo
    if (!exists && !(await hasAuditRecords(ds, id))) {
      throw new WorkflowNotFoundError(
        `workflow ${quoteInput(input.workflow ?? id)} not found, and no audit record names it`,
        {
          hint: 'wfctl workflows list shows the workflows',
        },
      );
    }
  });
  if (input.explain) {
    const { plan, explain } = await explainAuditList(ds, {
      ...filter,
      ...(input.limit !== null ? { limit: input.limit } : {}),
    });
    return {
      kind: 'explain',
      query: { filter: plan.filter as AuditDocument, sort: plan.sort as AuditDocument, index: plan.index },
      explain,
    };
  }
  if (input.limit === null) return { kind: 'stream', events: withNames(ds, streamAuditEvents(ds, filter)) };
  const r = await listAuditEvents(ds, { ...filter, limit: input.limit });
  const names = await workflowNames(
    ds,
    r.events.map((e) => e.workflowId),
  );
  return { kind: 'events', ...r, events: r.events.map((e) => named(e, names)) };
}

function named(e: AuditRecord, names: Map<string, string>): AuditListEvent {
  return { ...e, workflowName: e.workflowId === null ? null : (names.get(e.workflowId) ?? null) };
}

/** The names of a stream's workflows, looked up a page at a time (and remembered). */
async function* withNames(ds: DataSource, events: AsyncIterable<AuditRecord>): AsyncIterable<AuditListEvent> {
  const known = new Map<string, string>();
  const asked = new Set<string>();
  let page: AuditRecord[] = [];
  const flush = async () => {
    const missing = page.map((e) => e.workflowId).filter((id): id is string => id !== null && !asked.has(id));
    for (const id of missing) asked.add(id);
    if (missing.length > 0) for (const [id, name] of await workflowNames(ds, missing)) known.set(id, name);
    const out = page.map((e) => named(e, known));
    page = [];
    return out;
  };
  for await (const e of events) {
    page.push(e);
    if (page.length >= 500) yield* await flush();
  }
  yield* await flush();
}

/** The JSON shape of one event in `audit list --json`. */
function eventJson(e: AuditListEvent) {
  return { ...e, summary: summarizeDetails(e.details, Number.POSITIVE_INFINITY) };
}

const timeColumn: Column<AuditListEvent> = { header: 'time', value: (e) => e.timestamp, time: 'absolute' };
const eventColumn: Column<AuditListEvent> = {
  header: 'event',
  value: (e) => e.eventType,
  style: (t, _e, th) => (/fail/.test(t) ? th.failure(t) : /rolled_back|deleted/.test(t) ? th.warning(t) : th.accent(t)),
};
// the backend's user ids are 24 hex characters: on a narrow terminal a prefix (as git shows short ids), never the whole line
const userColumn: Column<AuditListEvent> = { header: 'user', value: (e) => e.userId, maxWidth: 28, minWidth: 10 };
const ipColumn: Column<AuditListEvent> = { header: 'ip', value: (e) => e.ipAddress };
/** On a terminal only where it differs from the declared user: the database user that wrote the record. */
const authenticatedAsColumn: Column<AuditListEvent> = {
  header: 'authenticated as',
  value: (e) => differingAuthenticatedUser(e.userId, e.authenticatedUser),
  maxWidth: 28,
  hideWhenEmpty: true,
  style: (t, _e, th) => th.warning(t),
};
// whole for machines (TSV, CSV); a terminal cuts it to the column
const summaryColumn: Column<AuditListEvent> = {
  header: 'summary',
  value: (e) => summarizeDetails(e.details, Number.POSITIVE_INFINITY),
  maxWidth: 60,
};

/** Piped and CSV: the documented columns, the workflow's name last (positions hold). */
const machineColumns: Column<AuditListEvent>[] = [
  timeColumn,
  eventColumn,
  { header: 'workflow', value: (e) => e.workflowId },
  userColumn,
  ipColumn,
  summaryColumn,
  { header: 'workflow name', value: (e) => e.workflowName },
  // last, so that scripts reading by position keep working; the stored value, equal or not
  { header: 'authenticated user', value: (e) => e.authenticatedUser },
];

/** On a terminal: the workflow by its name (its id when it has none live); the id when there is room, or with -o wide. */
const terminalColumns: Column<AuditListEvent>[] = [
  timeColumn,
  eventColumn,
  { header: 'workflow', value: (e) => e.workflowName ?? e.workflowId, maxWidth: 28, minWidth: 16 },
  { header: 'workflow id', value: (e) => e.workflowId, dropOrder: 2 },
  userColumn,
  authenticatedAsColumn,
  { ...ipColumn, dropOrder: 1 },
  // cut to a few characters it says nothing: left out before a table would wrap (-o wide shows it)
  { ...summaryColumn, dropOrder: 3 },
];

function columnsFor(io: IOStreams, tableFormat: 'table' | 'csv'): Column<AuditListEvent>[] {
  return tableFormat === 'table' && io.stdoutIsTTY ? terminalColumns : machineColumns;
}

export async function printListAudit(result: AuditListOutput, io: IOStreams, format: string): Promise<void> {
  if (result.kind === 'explain') return printJson(io, { query: result.query, explain: result.explain });
  const tableFormat = format === 'csv' ? 'csv' : 'table';
  if (result.kind === 'events') {
    if (format === 'json')
      return printJson(io, { events: result.events.map(eventJson), limit: result.limit, truncated: result.truncated });
    if (result.events.length === 0 && io.stdoutIsTTY && format === 'table') {
      io.note('No audit events match.\n');
      return;
    }
    io.out(renderTable(io, columnsFor(io, tableFormat), result.events, tableFormat));
    if (result.truncated && io.stderrIsTTY) io.note(`Showing the newest ${result.limit}; --limit or --all for more.\n`);
    return;
  }
  // --all: written as it is read, a page at a time, straight to the stream (for its back-pressure);
  // io.out('') first lets out a byte order mark that --bom left waiting for the first output
  let started = false;
  const write = (text: string) => {
    if (!started) {
      started = true;
      io.out('');
    }
    // a stream that failed (a full disk) never drains: drained() rejects instead of waiting for ever
    return io.stdout.write(text)
      ? Promise.resolve()
      : drained(io.stdout).catch((err: unknown) => {
          throw new OutputWriteError('the output', err);
        });
  };
  const columns = columnsFor(io, tableFormat);
  let page: AuditListEvent[] = [];
  let count = 0;
  if (format === 'json') await write('{"events":[');
  const flush = async (last: boolean) => {
    if (format === 'json') {
      const text = page.map((e) => JSON.stringify(eventJson(e), jsonReplacer)).join(',');
      if (text) await write(`${count > page.length ? ',' : ''}${text}`);
      if (last) await write('],"limit":null,"truncated":false}\n');
    } else if (page.length > 0) {
      let text = renderTable(io, columns, page, tableFormat);
      // the CSV header belongs to the first page only
      if (tableFormat === 'csv' && count > page.length) text = text.slice(text.indexOf('\r\n') + 2);
      await write(text);
    } else if (last && count === 0 && tableFormat === 'csv') {
      await write(renderTable(io, columns, [], 'csv'));
    }
    page = [];
  };
  for await (const e of result.events) {
    page.push(e);
    count++;
    if (page.length >= 500) await flush(false);
  }
  await flush(true);
}
