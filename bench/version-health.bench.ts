/**
 * `versions list --all` with health on one workflow with many versions and
 * many runs, beside the hand-written raw-driver loop for the same figures
 * (bench/version-health-baseline.mjs), in the same run, as separate
 * processes: wall time, client CPU seconds and peak RSS. Target: one read of
 * the versions and one of the runs whatever the number of versions, the time
 * near the baseline's, and memory flat as the runs grow (the baseline keeps
 * every duration; wfctl a fixed-size sketch per version).
 *
 *   npm run bench -- version-health [--scales 0.1,1] [--runs 1]
 *
 * --scale 1 is the size: 1,000,000 runs and 1,000 versions over 100
 * days (seeded once into .cache/bench-ferretdb, reused after).
 */
import { resolve } from 'node:path';
import { prng } from '../test/support/generator.js';
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
  type ResultRow,
} from './support.js';

const args = benchArgs();
const scales = (args.scales ?? args.scale ?? '0.1').split(',').map(Number);
const runs = Number(args.runs ?? 1);
const NOW = '2025-06-30T00:00:00.000Z';
const WF = 'wf-bench-health';
const DAYS = 100;
const BASELINE = resolve(ROOT, 'bench/version-health-baseline.mjs');

const server = await startBenchServer();
try {
  for (const scale of scales) {
    const runCount = Math.round(1_000_000 * scale);
    const versionCount = Math.max(2, Math.round(1000 * scale));
    const dbName = `bench_health_${String(scale).replace('.', '_')}`;
    const spec = `version-health runs=${runCount} versions=${versionCount} days=${DAYS} seed=11 now=${NOW}`;
    const ds = await ensureDataset(server.uri, dbName, spec, async (d) => {
      const random = prng(11);
      const end = Date.parse(NOW);
      const start = end - DAYS * 86_400_000;
      const step = (end - start) / versionCount;
      const versions = Array.from({ length: versionCount }, (_, i) => ({
        workflow_id: WF,
        version_number: i + 1,
        workflow_data: {
          name: 'Bench health',
          trigger: { type: 'schedule' },
          actions: [{ name: 'a', type: 'http' }],
          revision: i + 1,
        },
        change_description: `change ${i + 1}`,
        changed_by: 'bench',
        changed_at: new Date(start + Math.floor(i * step)),
        diff: {},
        is_current: i === versionCount - 1,
      }));
      for (let i = 0; i < versions.length; i += 1000) await d.versions.insertMany(versions.slice(i, i + 1000));
      await d.workflows.insertOne({
        id: WF,
        name: 'Bench health',
        trigger: { type: 'schedule' },
        actions: [],
        current_version: versionCount,
      } as never);
      // each version its own true rate, so the figures differ per version
      const rates = versions.map(() => 0.7 + random() * 0.3);
      for (let done = 0; done < runCount;) {
        const batch: Array<Record<string, unknown>> = [];
        for (let k = 0; k < 10_000 && done < runCount; k++, done++) {
          const started = start + Math.floor(((done + random()) / runCount) * (end - start - 600_000));
          const v = Math.min(versionCount - 1, Math.floor((started - start) / step));
          const ok = random() < rates[v]!;
          const ms = Math.round(200 + random() * random() * 60_000);
          batch.push({
            workflow_id: WF,
            workflow_name: 'Bench health',
            execution: {
              status: ok ? 'success' : 'failed',
              started_at: new Date(started),
              completed_at: new Date(started + ms),
              actions_completed: ['a'],
              actions_failed: ok ? [] : ['a'],
              error: ok ? null : 'boom',
              context: { trigger_type: 'schedule' },
            },
            created_at: new Date(started + ms),
          });
        }
        await d.executions.insertMany(batch as never);
        if (done % 100_000 === 0) process.stderr.write(`bench: ${done} runs\n`);
      }
      await d.executions.createIndex({ workflow_id: 1, created_at: -1 });
      await d.versions.createIndex({ workflow_id: 1, version_number: -1 }, { unique: true });
    });
    await ds.close();

    const env = { WFCTL_MONGODB_URI: server.uri, WFCTL_DB: dbName, WFCTL_NOW: NOW, NO_COLOR: '1' };
    const base = await repeat(runs, () => measureNode([BASELINE, server.uri, dbName, NOW, WF]), 0);
    const mine = await repeat(runs, () => measureWfctl(['versions', 'list', WF, '--all', '--json'], env), 0);
    const bare = await repeat(
      runs,
      () => measureWfctl(['versions', 'list', WF, '--all', '--json', '--no-health'], env),
      0,
    );
    for (const [who, f] of [
      ['baseline', base],
      ['wfctl', mine],
      ['wfctl --no-health', bare],
    ] as const) {
      if (f.code !== 0) process.stderr.write(`bench: ${who} exited ${f.code}: ${f.stderr}\n`);
    }
    const rows: ResultRow[] = [
      {
        name: 'versions list --all (health) time',
        wfctl: fmtMs(mine.ms),
        baseline: fmtMs(base.ms),
        ratio: mine.ms / base.ms,
        target: 'near 1x',
      },
      {
        name: 'versions list --all (health) client CPU',
        wfctl: fmtCpu(mine.cpuSeconds),
        baseline: fmtCpu(base.cpuSeconds),
        ratio: mine.cpuSeconds / base.cpuSeconds,
        target: 'near 1x',
      },
      {
        name: 'versions list --all (health) peak RSS',
        wfctl: fmtMb(mine.peakRssMb),
        baseline: fmtMb(base.peakRssMb),
        ratio: mine.peakRssMb / base.peakRssMb,
        target: 'flat across scales',
      },
      {
        name: 'the list alone (--no-health) time',
        wfctl: fmtMs(bare.ms),
        baseline: '-',
        ratio: null,
        target: 'what health adds: the runs read',
      },
    ];
    printResults(
      `version health at scale ${scale}: ${runCount} runs, ${versionCount} versions over ${DAYS} days (median of ${runs})`,
      rows,
    );
  }
} finally {
  await server.stop();
}
