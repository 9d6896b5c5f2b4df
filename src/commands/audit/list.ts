import type { CommandContext } from '../../context.js';
import { explainAuditList, hasAuditRecords, listAuditEvents, streamAuditEvents, summarizeDetails, type AuditDocument, type AuditQueryPlan, type AuditRecord } from '../../data/audit/index.js';
import { drained } from '../../data/core/index.js';
import { OutputWriteError, WorkflowNotFoundError } from '../../errors.js';
import type { IOStreams } from '../../io.js';
import { jsonReplacer, printJson } from '../../render/json.js';
import { renderTable, type Column } from '../../render/table.js';
import type { AuditFilterInput } from './options.js';
import { toAuditFilter } from './filter.js';
import { quoteInput } from '../../quote.js';

export interface ListAuditInput extends AuditFilterInput {
  /** null: every matching event */
  limit: number | null;
  explain: boolean;
}

/** What `audit list` prints: a page of events, a stream (--all), or the query plan (--explain). */
export type AuditListOutput =
  | { kind: 'events'; events: AuditRecord[]; limit: number | null; truncated: boolean }
  | { kind: 'stream'; events: AsyncIterable<AuditRecord> }
  | { kind: 'explain'; query: { filter: AuditDocument; sort: AuditDocument; index: AuditQueryPlan['index'] }; explain: AuditDocument };

export async function runListAudit(input: ListAuditInput, ctx: CommandContext): Promise<AuditListOutput> {
  const ds = await ctx.dataSource();
  const filter = await toAuditFilter(input, ctx, async ({ id, exists }) => {
    // a deleted workflow lives on in the trail; a name that is nowhere is a typo
    if (!exists && !(await hasAuditRecords(ds, id))) {
      throw new WorkflowNotFoundError(`workflow ${quoteInput(input.workflow ?? id)} not found, and no audit record names it`, {
        hint: 'wfctl workflows list shows the workflows',
      });
    }
  });
  if (input.explain) {
    const { plan, explain } = await explainAuditList(ds, { ...filter, ...(input.limit !== null ? { limit: input.limit } : {}) });
    return { kind: 'explain', query: { filter: plan.filter as AuditDocument, sort: plan.sort as AuditDocument, index: plan.index }, explain };
  }
  if (input.limit === null) return { kind: 'stream', events: streamAuditEvents(ds, filter) };
  const r = await listAuditEvents(ds, { ...filter, limit: input.limit });
  return { kind: 'events', ...r };
}

/** The JSON shape of one event in `audit list --json`. */
function eventJson(e: AuditRecord) {
  return { ...e, summary: summarizeDetails(e.details, Number.POSITIVE_INFINITY) };
}

const columns: Column<AuditRecord>[] = [
  { header: 'time', value: (e) => e.timestamp, time: 'absolute' },
  { header: 'event', value: (e) => e.eventType, style: (t, _e, th) => (/fail/.test(t) ? th.failure(t) : /rolled_back|deleted/.test(t) ? th.warning(t) : th.accent(t)) },
  { header: 'workflow', value: (e) => e.workflowId, maxWidth: 28, shrink: false },
  { header: 'user', value: (e) => e.userId, maxWidth: 28, shrink: false },
  { header: 'ip', value: (e) => e.ipAddress },
  // whole for machines (TSV, CSV); a terminal cuts it to the column
  { header: 'summary', value: (e) => summarizeDetails(e.details, Number.POSITIVE_INFINITY), maxWidth: 60 },
];

export async function printListAudit(result: AuditListOutput, io: IOStreams, format: string): Promise<void> {
  if (result.kind === 'explain') return printJson(io, { query: result.query, explain: result.explain });
  const tableFormat = format === 'csv' ? 'csv' : 'table';
  if (result.kind === 'events') {
    if (format === 'json') return printJson(io, { events: result.events.map(eventJson), limit: result.limit, truncated: result.truncated });
    if (result.events.length === 0 && io.stdoutIsTTY && format === 'table') {
      io.note('No audit events match.\n');
      return;
    }
    io.out(renderTable(io, columns, result.events, tableFormat));
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
  let page: AuditRecord[] = [];
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
