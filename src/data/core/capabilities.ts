/**
 * What the server can run, found by asking it once: a tiny aggregate with the
 * stages and operators a server-side plan needs, never the server's name or
 * version. MongoDB and FerretDB 2 (DocumentDB) run `$group` by
 * `$dateToString` with `$cond`, `$min`, `$max`, `$push`; FerretDB 1.24 answers
 * NotImplemented (238) while parsing, even over an empty collection. A command
 * that finds its pipeline unsupported takes its streaming path, which gives the
 * same figures (tests compare both on the same data).
 *
 * `pipelines` on the DataSource (WFCTL_PIPELINES) overrides the answer:
 * `client` always streams; `server` insists on the pipeline and turns a
 * server that cannot run it into an error instead of a quiet fallback.
 */
import { MongoServerError, type Document } from 'mongodb';
import type { DataSource } from './connection.js';
import { UsageError } from '../../errors.js';

export interface CapabilityProbe {
  /** short, stable, for messages and --verbose: "group by day" */
  name: string;
  /**
   * Stages run over one empty document (`$documents: [{}]`), or on a server
   * without `$documents` after `{ $limit: 1 }` on `collection`: write them
   * with literals, so the document's fields do not matter.
   */
  pipeline: Document[];
  /** collection the probe runs on; default the runs collection */
  collection?: string;
  /** checks the rows when there were any; false = the server answered wrongly */
  check?: (rows: Document[]) => boolean;
}

export interface ProbeAnswer {
  supported: boolean;
  /** why not, for --verbose: the server's code and message, or the wrong answer */
  reason?: string;
}

const answers = new WeakMap<DataSource, Map<string, Promise<ProbeAnswer>>>();

/** Runs the probe once per DataSource (later calls share the first answer). */
export function probeServer(ds: DataSource, probe: CapabilityProbe): Promise<ProbeAnswer> {
  let known = answers.get(ds);
  if (!known) answers.set(ds, (known = new Map()));
  let answer = known.get(probe.name);
  if (!answer) {
    answer = askServer(ds, probe);
    known.set(probe.name, answer);
    // a network failure is not an answer: the next call asks again
    answer.catch(() => known.delete(probe.name));
  }
  return answer;
}

async function askServer(ds: DataSource, probe: CapabilityProbe): Promise<ProbeAnswer> {
  // on one literal document first: a server may check operators only as it
  // evaluates them (DocumentDB runs an unknown operator over an empty
  // collection without a word), so the probe must have a document to evaluate
  const onLiteral = await tryPipeline(ds, probe, () =>
    ds.db.aggregate([{ $documents: [{}] }, ...probe.pipeline], ds.opts()).toArray(),
  );
  if (onLiteral.supported || !onLiteral.documentsMissing) return onLiteral.answer;
  // a server without $documents (MongoDB before 5.1, FerretDB 1.24): one
  // document of the collection; servers of that age parse every operator first
  const collection = ds.collection(probe.collection ?? ds.executions.collectionName);
  const onCollection = await tryPipeline(ds, probe, () =>
    collection.aggregate([{ $limit: 1 }, ...probe.pipeline], ds.opts()).toArray(),
  );
  return onCollection.answer;
}

interface Attempt {
  supported: boolean;
  answer: ProbeAnswer;
  /** the server refused the $documents stage itself */
  documentsMissing: boolean;
}

async function tryPipeline(ds: DataSource, probe: CapabilityProbe, run: () => Promise<Document[]>): Promise<Attempt> {
  try {
    const rows = await ds.run(`probe ${probe.name}`, run);
    if (rows.length > 0 && probe.check && !probe.check(rows)) {
      const answer = { supported: false, reason: `wrong answer: ${JSON.stringify(rows).slice(0, 200)}` };
      return { supported: false, answer, documentsMissing: false };
    }
    return { supported: true, answer: { supported: true }, documentsMissing: false };
  } catch (err) {
    const server = serverErrorOf(err);
    if (!server) throw err;
    const answer = { supported: false, reason: `code ${String(server.code)}: ${server.message.slice(0, 200)}` };
    // FailedToParse (9) "must specify a collection", or an unknown stage (40324)
    const documentsMissing = server.code === 9 || server.code === 40324;
    return { supported: false, answer, documentsMissing };
  }
}

function serverErrorOf(err: unknown): MongoServerError | null {
  if (err instanceof MongoServerError) return err;
  const cause = (err as { cause?: unknown } | null)?.cause;
  return cause instanceof MongoServerError ? cause : null;
}

/**
 * Whether to run the server-side plan: the probe's answer under the
 * DataSource's pipeline mode. `server` with an unsupported probe is a UsageError
 * naming what the server lacks. --verbose is told the choice, once a probe.
 */
export async function useServerPipeline(ds: DataSource, probe: CapabilityProbe): Promise<boolean> {
  const mode = ds.pipelines ?? 'auto';
  if (mode === 'client') return tell(ds, probe, false, 'WFCTL_PIPELINES=client');
  const answer = await probeServer(ds, probe);
  if (answer.supported) return tell(ds, probe, true);
  if (mode === 'server')
    throw new UsageError(`the server cannot run the ${probe.name} pipeline (${answer.reason ?? 'unsupported'})`, {
      hint: 'unset WFCTL_PIPELINES (or set it to auto) to compute this on the client',
    });
  return tell(ds, probe, false, `the server cannot run the pipeline: ${answer.reason ?? 'unsupported'}`);
}

const told = new WeakMap<DataSource, Set<string>>();

function tell(ds: DataSource, probe: CapabilityProbe, onServer: boolean, why?: string): boolean {
  if (!ds.debug) return onServer;
  let names = told.get(ds);
  if (!names) told.set(ds, (names = new Set()));
  if (!names.has(probe.name)) {
    names.add(probe.name);
    ds.debug(`${probe.name}: ${onServer ? 'grouped on the server' : `computed on the client (${why})`}`);
  }
  return onServer;
}

/**
 * A plan (explain's queryPlanner) that reads an index: MongoDB's IXSCAN / IDHACK / EXPRESS stages,
 * PostgreSQL's index scans (FerretDB 2); not one the server says it could not push down (FerretDB 1.24).
 */
export function indexBacked(plan: Document): boolean {
  if (plan.filterPushdown === false) return false;
  return /IXSCAN|IDHACK|EXPRESS_|Index Scan|Index Only Scan|Bitmap Index Scan/.test(JSON.stringify(plan));
}
