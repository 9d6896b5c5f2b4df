/**
 * Invariant 5 under a hostile backend, randomized: writers that make their
 * _ids seconds before they insert and stamp records 1-8 s in the past, while
 * a checkpointed series runs (`--settle 1s`), some runs SIGKILLed mid-way,
 * some started two at once. After the writers stop and a final run, the union
 * of the series' files holds every record of the database exactly once, by
 * _id, and `audit verify --reconcile` agrees.
 *
 * WFCTL_EXACTLY_ONCE_RECORDS sets the size (default 3000, under a minute);
 * WFCTL_EXACTLY_ONCE_SEED replays a run (the seed is in every failure message).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ObjectId } from 'mongodb';
import { ndjsonRecords } from '../../support/audit-fixtures.js';
import { prng } from '../../support/generator.js';
import { BIN, runCli } from '../../support/cli.js';
import { useTestDatabase } from '../../support/db.js';

const db = useTestDatabase('audit_exactly_once');
const dir = mkdtempSync(join(tmpdir(), 'wfctl-exactly-once-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RECORDS = Number(process.env.WFCTL_EXACTLY_ONCE_RECORDS ?? 3000);
const SEED = Number(process.env.WFCTL_EXACTLY_ONCE_SEED ?? Math.floor(Math.random() * 2 ** 31));
const WRITERS = 4;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface RunOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

describe('a checkpointed series under late writers, kills and simultaneous runs (invariant 5)', () => {
  it(
    `holds every record exactly once by _id (${RECORDS} records)`,
    async () => {
      const rand = prng(SEED);
      const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
      const tag = `seed ${SEED} (replay: WFCTL_EXACTLY_ONCE_SEED=${SEED} WFCTL_EXACTLY_ONCE_RECORDS=${RECORDS})`;
      const coll = db.ds.collection('workflow_audit_logs');
      const ckpt = join(dir, 'audit.ckpt');
      const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...db.env, WFCTL_EXPORT_HMAC_KEY: '' };
      let runNo = 0;
      const exportRun = (killAfterMs?: number): Promise<RunOutcome> => {
        const file = join(dir, `part-${String(++runNo).padStart(3, '0')}.ndjson`);
        const child = spawn(
          process.execPath,
          [
            BIN,
            'audit',
            'export',
            '--event-type',
            'workflow_executed',
            '--checkpoint',
            ckpt,
            '--settle',
            '1s',
            '-o',
            file,
          ],
          {
            env,
            stdio: ['ignore', 'ignore', 'pipe'],
          },
        );
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        if (killAfterMs !== undefined) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
        return new Promise((res) => child.on('close', (code, signal) => res({ code, signal, stderr })));
      };

      // writers: ids made client-side, inserted 0.2-1.5 s later, stamped 1-8 s before the insert
      let written = 0;
      const writer = async () => {
        while (written < RECORDS) {
          const n = Math.min(between(5, 60), RECORDS - written);
          written += n;
          const ids = Array.from({ length: n }, () => new ObjectId());
          await sleep(between(200, 1500));
          const now = Date.now();
          await coll.insertMany(
            ids.map((_id) => ({
              _id,
              event_type: 'workflow_executed',
              workflow_id: 'wf-late',
              user_id: 'svc',
              details: {},
              metadata: {},
              timestamp: new Date(now - between(1000, 8000)),
            })),
            { ordered: false },
          );
        }
      };
      const writing = Promise.all(Array.from({ length: WRITERS }, writer));
      let writersDone = false;
      void writing.then(() => (writersDone = true));

      const outcomes: Array<{ kind: string; r: RunOutcome }> = [];
      while (!writersDone) {
        const pick = rand();
        if (pick < 0.2) outcomes.push({ kind: 'killed', r: await exportRun(between(50, 1500)) });
        else if (pick < 0.35) {
          const [a, b] = await Promise.all([exportRun(), exportRun()]);
          outcomes.push({ kind: 'simultaneous', r: a! }, { kind: 'simultaneous', r: b! });
        } else outcomes.push({ kind: 'normal', r: await exportRun() });
        await sleep(between(0, 400));
      }
      await writing;
      await sleep(1500); // past the settle window: every record's stamp is below the final run's bound
      const final = await exportRun();
      outcomes.push({ kind: 'final', r: final });

      const tally = (k: string, f: (r: RunOutcome) => boolean) => outcomes.filter((o) => o.kind === k && f(o.r)).length;
      console.log(
        `exactly-once: ${tag}: ${outcomes.length} runs: ${tally('normal', () => true)} alone, ${tally('killed', (r) => r.signal === 'SIGKILL')} killed, ` +
          `${tally('simultaneous', () => true)} started in pairs (${tally('simultaneous', (r) => r.code === 1)} locked out); late records exported: ${outcomes.reduce((n, o) => n + Number(/(\d+) of them had appeared behind/.exec(o.r.stderr)?.[1] ?? 0), 0)}`,
      );
      for (const { kind, r } of outcomes) {
        if (kind === 'killed' && r.signal === 'SIGKILL') continue;
        // two at once: the lock lets one run, the other stops at once (exit 1) and writes nothing
        const lockedOut =
          kind === 'simultaneous' && r.code === 1 && r.stderr.includes('another export holds checkpoint');
        expect(r.code === 0 || lockedOut, `${kind} run: exit ${r.code}: ${r.stderr} [${tag}]`).toBe(true);
      }
      expect(
        outcomes.some((o) => o.kind === 'normal' || o.kind === 'simultaneous'),
        tag,
      ).toBe(true);

      const files = readdirSync(dir)
        .filter((f) => f.startsWith('part-') && f.endsWith('.ndjson'))
        .map((f) => join(dir, f));
      expect(
        readdirSync(dir).filter((f) => f.endsWith('.tmp')),
        tag,
      ).toEqual([]);
      const seen = new Map<string, number>();
      for (const f of files)
        for (const r of ndjsonRecords(readFileSync(f, 'utf8')))
          seen.set(String(r._id), (seen.get(String(r._id)) ?? 0) + 1);
      const inDatabase = (await coll.find({ event_type: 'workflow_executed' }).project({ _id: 1 }).toArray()).map((d) =>
        String(d._id),
      );
      expect(inDatabase.length, tag).toBe(RECORDS);
      const twice = [...seen].filter(([, n]) => n > 1).map(([id, n]) => `${id} x${n}`);
      const missing = inDatabase.filter((id) => !seen.has(id));
      expect(
        { twice: twice.slice(0, 10), missing: missing.slice(0, 10), counts: [twice.length, missing.length] },
        tag,
      ).toEqual({ twice: [], missing: [], counts: [0, 0] });
      expect(seen.size, tag).toBe(RECORDS);

      const v = await runCli(['audit', 'verify', '--reconcile', ...files], {
        env: { ...db.env, WFCTL_EXPORT_HMAC_KEY: '' },
      });
      expect(v.code, `${v.stdout}${v.stderr} [${tag}]`).toBe(0);
      expect(v.stdout).toContain(`the ${RECORDS} records of the files' range are in the files, each once`);
    },
    120_000 + RECORDS * 40,
  );
});
