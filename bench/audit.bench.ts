/**
 * Audit export and list against the raw driver, in the same run.
 *
 * Export: N audit records (default 1,000,000; --records N) to NDJSON, JSON and CSV,
 * beside a raw driver loop that reads the same records in the same order and
 * writes JSON lines. Targets: NDJSON and JSON >= 0.9x the raw loop's records/s, CSV >=
 * 0.8x, client CPU <= 0.8x the raw loop's, peak RSS <= 100 MB and flat
 * between 1/10 of N and N. (mongoexport is not beside it: its module,
 * github.com/mongodb/mongo-tools, is not served by the Go module proxy here.) A second
 * baseline adds the export's own extra work (its reconciliation count) to the
 * raw loop; where the server is a FerretDB started here, the CPU it spent on
 * each run is printed too: a server that scans for every query pays for that
 * count with a second full scan.
 *
 * List: `audit list` with each filter beside the same query issued with the
 * raw driver (both as fresh processes, so start-up and connect count on both sides).
 *
 * Signing (--only sign, or with the export half): an NDJSON export of N records unsigned and signed
 * with --sign-key (one Ed25519 signature per manifest), alternating, --runs times each (median);
 * target: signing adds under 2% to the export's time.
 *
 * Flags: --records N, --runs N (list and signing runs, median), --only export|list|sign.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ObjectId } from 'mongodb';
import { applyIndexes } from '../src/data/db/index.js';
import {
  benchArgs,
  ensureDataset,
  fmtCpu,
  fmtMb,
  fmtMs,
  measureNode,
  measureWfctl,
  printResults,
  repeat,
  ROOT,
  startBenchServer,
  type ProcessFigure,
  type ResultRow,
} from './support.js';

const args = benchArgs();
const N = Number(args.records ?? 1_000_000);
const SMALL = Math.max(1, Math.floor(N / 10));
const listRuns = Number(args.runs ?? 5);
/** --only export | --only list: one half of the benchmark (each takes long on a server that scans) */
const only = args.only;
if (only !== undefined && only !== 'export' && only !== 'list' && only !== 'sign')
  throw new Error(`--only takes export, list or sign, not ${only}`);
const DB = `bench_audit_${N}`;
const START = Date.UTC(2025, 0, 1);
const SPAN_MS = 30 * 86_400_000;
const step = SPAN_MS / N;
const at = (i: number) => new Date(START + Math.floor(i * step));
const EVENTS = [
  'workflow_executed',
  'action_executed',
  'trigger_fired',
  'workflow_updated',
  'action_failed',
  'action_retried',
  'webhook_received',
  'workflow_execution_failed',
];

const server = await startBenchServer();
const work = mkdtempSync(join(tmpdir(), 'wfctl-bench-audit-'));
try {
  const ds = await ensureDataset(server.uri, DB, `audit-v1:${N}`, async (d) => {
    const batch = 10_000;
    for (let i = 0; i < N; i += batch) {
      const docs = [];
      for (let j = i; j < Math.min(N, i + batch); j++) {
        docs.push({
          _id: new ObjectId(),
          event_type: EVENTS[j % EVENTS.length]!,
          workflow_id: `wf-${(j * 7) % 200}`,
          user_id: `user-${(j * 13) % 500}`,
          details: {
            execution_id: `exec-${j}`,
            action: `step-${j % 9}`,
            duration_ms: (j * 37) % 5000,
            note: j % 11 === 0 ? 'retry after "timeout", =cmd' : 'ok',
          },
          metadata: { source: 'backend', version: '2.4.1', region: j % 2 ? 'eu-west-1' : 'us-east-1' },
          timestamp: at(j),
          ip_address: `10.${j % 256}.${(j >> 8) % 256}.${(j >> 16) % 256}`,
          user_agent: j % 3 ? 'workflow-backend/2.4.1' : 'Mozilla/5.0 (X11; Linux x86_64)',
        });
      }
      await d.audit.insertMany(docs, { ordered: false });
      if ((i / batch) % 10 === 0) process.stderr.write(`bench: ${i + docs.length} of ${N} audit records\n`);
    }
  });
  await applyIndexes(ds);
  await ds.close();

  const env = { WFCTL_MONGODB_URI: server.uri, WFCTL_DB: DB, WFCTL_USER: 'bench', NO_COLOR: '1' };
  const until = (n: number) => (n >= N ? at(N - 1).getTime() + 1 : at(n).getTime());

  // the baseline: the same filter and order with the raw driver, JSON lines into a file
  const rawScript = join(work, 'raw-export.mjs');
  writeFileSync(
    rawScript,
    `import { MongoClient } from ${JSON.stringify(resolve(ROOT, 'node_modules/mongodb/lib/index.js'))};
import { createWriteStream } from 'node:fs';
const [uri, db, untilMs, file, mode] = process.argv.slice(2);
const client = await MongoClient.connect(uri);
const out = createWriteStream(file);
const coll = client.db(db).collection('workflow_audit_logs');
const until = new Date(Number(untilMs));
// mode "same": the export's own query (legacy string-timestamp branch) and its reconciliation count beside it
const filter = mode === 'same' ? { $or: [{ timestamp: { $lt: until } }, { timestamp: { $lt: until.toISOString().replace(/\.000Z$/, '') } }] } : { timestamp: { $lt: until } };
const counting = mode === 'same' ? coll.countDocuments(filter) : Promise.resolve(0);
const cursor = coll.find(filter).sort({ timestamp: 1, _id: 1 }).batchSize(500);
let buf = '';
for await (const doc of cursor) {
  buf += JSON.stringify(doc) + '\\n';
  if (buf.length > 262144) { if (!out.write(buf)) await new Promise((r) => out.once('drain', r)); buf = ''; }
}
out.end(buf);
await new Promise((r) => out.on('finish', r));
await counting;
await client.close();
`,
  );

  const exportRows: ResultRow[] = [];
  const figures: Record<string, ProcessFigure> = {};
  /** server CPU seconds used while `run` ran (null when the server's process cannot be read) */
  const serverCpu: Record<string, number | null> = {};
  const measured = async (key: string, run: () => Promise<ProcessFigure>): Promise<ProcessFigure> => {
    const before = server.cpuSeconds();
    const f = await run();
    const after = server.cpuSeconds();
    serverCpu[key] = before === null || after === null ? null : after - before;
    return f;
  };
  // the full size first: its figures matter most; each size is printed as soon as it is measured
  if (only === undefined || only === 'sign') await benchSigning(env, new Date(until(N)).toISOString());
  for (const n of only === 'list' || only === 'sign' ? [] : [N, SMALL]) {
    const sizeRows: ResultRow[] = [];
    const u = new Date(until(n)).toISOString();
    const raw = await measured(`raw-${n}`, () =>
      measureNode([rawScript, server.uri, DB, String(until(n)), join(work, `raw-${n}.ndjson`)]),
    );
    if (raw.code !== 0) throw new Error(`raw loop failed: ${raw.stderr}`);
    figures[`raw-${n}`] = raw;
    const same = await measured(`same-${n}`, () =>
      measureNode([rawScript, server.uri, DB, String(until(n)), join(work, `raw-${n}.ndjson`), 'same']),
    );
    if (same.code !== 0) throw new Error(`raw loop (same query) failed: ${same.stderr}`);
    for (const format of ['ndjson', 'json', 'csv'] as const) {
      const file = join(work, `export-${n}.${format}`);
      const f = await measured(`${format}-${n}`, () =>
        measureWfctl(['audit', 'export', '--until', u, '--settle', '0', '--format', format, '-o', file], env),
      );
      if (f.code !== 0) throw new Error(`wfctl audit export failed: ${f.stderr}`);
      if (!f.stderr.includes(`Exported ${n} records`)) throw new Error(`expected ${n} records: ${f.stderr}`);
      figures[`${format}-${n}`] = f;
      const rate = (n * 1000) / f.ms;
      const rawRate = (n * 1000) / raw.ms;
      const sameRate = (n * 1000) / same.ms;
      sizeRows.push({
        name: `  same, against a raw loop with the export's query and count`,
        wfctl: `${Math.round(rate).toLocaleString('en-US')} rec/s`,
        baseline: `raw loop + count ${Math.round(sameRate).toLocaleString('en-US')} rec/s`,
        ratio: rate / sameRate,
      });
      sizeRows.push({
        name: `  client CPU (user + system of the client process)`,
        wfctl: fmtCpu(f.cpuSeconds),
        baseline: `raw loop ${fmtCpu(raw.cpuSeconds)}`,
        ratio: f.cpuSeconds / raw.cpuSeconds,
        target: '<= 0.8x',
      });
      sizeRows.splice(sizeRows.length - 2, 0, {
        name: `export ${n.toLocaleString('en-US')} → ${format} (${fmtMb(statSync(file).size / 1048576)})`,
        wfctl: `${Math.round(rate).toLocaleString('en-US')} rec/s, ${fmtMb(f.peakRssMb)}`,
        baseline: `raw loop ${Math.round(rawRate).toLocaleString('en-US')} rec/s, ${fmtMb(raw.peakRssMb)}`,
        ratio: rate / rawRate,
        target: format === 'csv' ? '>= 0.8x, <= 100 MB' : '>= 0.9x, <= 100 MB',
      });
      rmSync(file, { force: true });
    }
    rmSync(join(work, `raw-${n}.ndjson`), { force: true });
    printResults(
      `audit export, ${n.toLocaleString('en-US')} of ${N.toLocaleString('en-US')} records (ratio: records/s of wfctl ÷ baseline)`,
      sizeRows,
    );
    const rawCpu = serverCpu[`raw-${n}`];
    if (rawCpu != null) {
      // where the time goes on a server that scans for every query: its CPU, beside the raw loop's
      const cpu = (k: string) => serverCpu[k] ?? NaN;
      printResults(
        `database server CPU during each run, ${n.toLocaleString('en-US')} records (ratio: ÷ the raw loop's)`,
        [
          {
            name: 'raw loop + the same count',
            wfctl: '-',
            baseline: `${cpu(`same-${n}`).toFixed(1)} cpu-s`,
            ratio: cpu(`same-${n}`) / rawCpu,
          },
          {
            name: 'wfctl export → ndjson',
            wfctl: `${cpu(`ndjson-${n}`).toFixed(1)} cpu-s`,
            baseline: `raw loop ${rawCpu.toFixed(1)} cpu-s`,
            ratio: cpu(`ndjson-${n}`) / rawCpu,
          },
          {
            name: 'wfctl export → json',
            wfctl: `${cpu(`json-${n}`).toFixed(1)} cpu-s`,
            baseline: `raw loop ${rawCpu.toFixed(1)} cpu-s`,
            ratio: cpu(`json-${n}`) / rawCpu,
          },
          {
            name: 'wfctl export → csv',
            wfctl: `${cpu(`csv-${n}`).toFixed(1)} cpu-s`,
            baseline: `raw loop ${rawCpu.toFixed(1)} cpu-s`,
            ratio: cpu(`csv-${n}`) / rawCpu,
          },
        ],
      );
    }
  }
  for (const format of only === 'list' || only === 'sign' ? [] : ['ndjson', 'json', 'csv']) {
    const small = figures[`${format}-${SMALL}`]!;
    const big = figures[`${format}-${N}`]!;
    exportRows.push({
      name: `peak RSS ${format}: ${N.toLocaleString('en-US')} vs ${SMALL.toLocaleString('en-US')} records`,
      wfctl: fmtMb(big.peakRssMb),
      baseline: fmtMb(small.peakRssMb),
      ratio: big.peakRssMb / small.peakRssMb,
      target: 'flat (~1.0x)',
    });
  }
  if (only !== 'list' && only !== 'sign')
    printResults('audit export: peak memory, flat in the number of records', exportRows);

  // audit list with each filter, beside the raw driver's same query
  const rawList = join(work, 'raw-list.mjs');
  writeFileSync(
    rawList,
    `import { MongoClient } from ${JSON.stringify(resolve(ROOT, 'node_modules/mongodb/lib/index.js'))};
const [uri, db, filterJson, sortJson] = process.argv.slice(2);
const revive = (k, v) => (v && typeof v === 'object' && '$date' in v ? new Date(v.$date) : v);
const client = await MongoClient.connect(uri);
const docs = await client.db(db).collection('workflow_audit_logs').find(JSON.parse(filterJson, revive)).sort(JSON.parse(sortJson)).limit(101).toArray();
process.stdout.write(JSON.stringify(docs));
await client.close();
`,
  );
  const sinceIso = at(Math.floor(N * 0.9)).toISOString();
  const dateJson = (iso: string) => ({ $date: iso });
  const cases: Array<{ name: string; args: string[]; filter: unknown; sort: unknown }> = [
    { name: 'no filter', args: [], filter: {}, sort: { timestamp: -1, _id: -1 } },
    {
      name: '--workflow',
      args: ['--workflow', 'wf-42'],
      filter: { workflow_id: { $eq: 'wf-42' } },
      sort: { timestamp: -1 },
    },
    { name: '--user', args: ['--user', 'user-77'], filter: { user_id: { $eq: 'user-77' } }, sort: { timestamp: -1 } },
    {
      name: '--event-type a,b',
      args: ['--event-type', 'workflow_execution_failed,action_failed'],
      filter: { event_type: { $in: ['workflow_execution_failed', 'action_failed'] } },
      sort: { timestamp: -1 },
    },
    {
      name: '--since (last 10%)',
      args: ['--since', sinceIso],
      filter: {
        $or: [{ timestamp: { $gte: dateJson(sinceIso) } }, { timestamp: { $gte: sinceIso.replace(/\.000Z$/, '') } }],
      },
      sort: { timestamp: -1, _id: -1 },
    },
  ];
  const listRows: ResultRow[] = [];
  for (const c of only === 'export' || only === 'sign' ? [] : cases) {
    const warmup = listRuns > 1 ? 1 : 0;
    // a server that scans every query may need more than the 60 s default per query (the raw loop has no limit)
    const w = await repeat(
      listRuns,
      () => measureWfctl(['--max-time', '3600', 'audit', 'list', ...c.args, '--json'], env),
      warmup,
    );
    const r = await repeat(
      listRuns,
      () => measureNode([rawList, server.uri, DB, JSON.stringify(c.filter), JSON.stringify(c.sort)]),
      warmup,
    );
    if (w.code !== 0) throw new Error(`wfctl audit list ${c.args.join(' ')} failed: ${w.stderr}`);
    listRows.push({
      name: `audit list ${c.name}`,
      wfctl: fmtMs(w.ms),
      baseline: `raw driver ${fmtMs(r.ms)}`,
      ratio: w.ms / r.ms,
      target: 'time ratio (lower is better)',
    });
  }
  if (only !== 'export' && only !== 'sign')
    printResults(
      `audit list on ${N.toLocaleString('en-US')} records (median of ${listRuns}, fresh process each)`,
      listRows,
    );

  // audit list --all: every matching event streamed as JSON, beside a raw loop that streams the same query
  const rawAll = join(work, 'raw-list-all.mjs');
  writeFileSync(
    rawAll,
    `import { MongoClient } from ${JSON.stringify(resolve(ROOT, 'node_modules/mongodb/lib/index.js'))};
const [uri, db, filterJson, sortJson] = process.argv.slice(2);
const revive = (k, v) => (v && typeof v === 'object' && '$date' in v ? new Date(v.$date) : v);
const client = await MongoClient.connect(uri);
const out = (text) => new Promise((done) => (process.stdout.write(text) ? done() : process.stdout.once('drain', done)));
let first = true;
await out('[');
for await (const d of client.db(db).collection('workflow_audit_logs').find(JSON.parse(filterJson, revive)).sort(JSON.parse(sortJson))) {
  await out((first ? '' : ',') + JSON.stringify(d));
  first = false;
}
await out(']\\n');
await client.close();
`,
  );
  const allSince = at(Math.floor(N * 0.75)).toISOString();
  const allFilter = {
    $or: [{ timestamp: { $gte: dateJson(allSince) } }, { timestamp: { $gte: allSince.replace(/\.000Z$/, '') } }],
  };
  const allRows: ResultRow[] = [];
  for (const format of only === 'export' || only === 'sign' ? [] : ['json', 'csv']) {
    const w = await measureWfctl(
      ['--max-time', '3600', 'audit', 'list', '--all', '--since', allSince, '--format', format],
      env,
    );
    const r = await measureNode([
      rawAll,
      server.uri,
      DB,
      JSON.stringify(allFilter),
      JSON.stringify({ timestamp: -1, _id: -1 }),
    ]);
    if (w.code !== 0) throw new Error(`wfctl audit list --all failed: ${w.stderr}`);
    if (r.code !== 0) throw new Error(`raw list --all failed: ${r.stderr}`);
    allRows.push({
      name: `audit list --all --format ${format} time`,
      wfctl: fmtMs(w.ms),
      baseline: `raw loop ${fmtMs(r.ms)}`,
      ratio: w.ms / r.ms,
    });
    allRows.push({
      name: `  client CPU`,
      wfctl: fmtCpu(w.cpuSeconds),
      baseline: `raw loop ${fmtCpu(r.cpuSeconds)}`,
      ratio: w.cpuSeconds / r.cpuSeconds,
    });
    allRows.push({
      name: `  peak RSS`,
      wfctl: fmtMb(w.peakRssMb),
      baseline: `raw loop ${fmtMb(r.peakRssMb)}`,
      ratio: w.peakRssMb / r.peakRssMb,
    });
  }
  if (only !== 'export' && only !== 'sign')
    printResults(
      `audit list --all --since (the newest ${(N - Math.floor(N * 0.75)).toLocaleString('en-US')} records), streamed; raw loop: find, sort, JSON.stringify each`,
      allRows,
    );
} finally {
  rmSync(work, { recursive: true, force: true });
  await server.stop();
}

/** An NDJSON export of N records unsigned and signed, alternating (the same cache state for both), median of --runs each. */
async function benchSigning(env: Record<string, string>, u: string): Promise<void> {
  const keys = join(work, 'keys');
  const kg = await measureWfctl(['audit', 'keygen', '--out', keys], env);
  if (kg.code !== 0) throw new Error(`wfctl audit keygen failed: ${kg.stderr}`);
  const runs = Math.max(1, Number(args.runs ?? 3));
  const times: { plain: number[]; signed: number[] } = { plain: [], signed: [] };
  for (let i = 0; i < runs; i++) {
    for (const kind of ['plain', 'signed'] as const) {
      const file = join(work, `sign-${kind}.ndjson`);
      const sign = kind === 'signed' ? ['--sign-key', join(keys, 'audit-signing-key.pem')] : [];
      // a server that scans and sorts N records before its first reply may be silent for over the 60 s default
      const f = await measureWfctl(
        ['--max-time', '3600', 'audit', 'export', '--until', u, '--settle', '0', ...sign, '-o', file],
        env,
      );
      if (f.code !== 0) throw new Error(`wfctl audit export failed: ${f.stderr}`);
      times[kind].push(f.ms);
      // each run as it ends: a run of N records takes long on a server that scans
      process.stderr.write(`bench: ${kind} export ${i + 1} of ${runs}: ${fmtMs(f.ms)}\n`);
      rmSync(file, { force: true });
      rmSync(`${file}.manifest.json`, { force: true });
      rmSync(`${file}.manifest.json.sig`, { force: true });
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const plain = median(times.plain);
  const signed = median(times.signed);
  printResults(`audit export --sign-key, ${N.toLocaleString('en-US')} records → ndjson (median of ${runs})`, [
    {
      name: 'signed (one Ed25519 signature per manifest)',
      wfctl: fmtMs(signed),
      baseline: `unsigned ${fmtMs(plain)}`,
      ratio: signed / plain,
      target: '< 1.02x',
    },
  ]);
}
