import { describe, expect, it } from 'vitest';
import { connect, probeServer, useServerPipeline, type DataSource } from '../../../src/data/core/index.js';
import { pipelineMode } from '../../../src/config.js';
import { useTestDatabase } from '../../support/db.js';

const t = useTestDatabase('capabilities');

// what every supported server runs: FerretDB 1.24 knows $group with $sum
const SUM = { name: 'count by status', pipeline: [{ $group: { _id: '$status', n: { $sum: 1 } } }] };
// an operator no server has
const BOGUS = { name: 'bogus operator', pipeline: [{ $project: { x: { $wfctlNoSuchOperator: 1 } } }] };

async function withDs<T>(
  extra: { pipelines?: 'auto' | 'server' | 'client'; onDebug?: (message: string) => void },
  f: (ds: DataSource, asked: string[]) => Promise<T>,
) {
  const ds = await connect({ uri: t.uri, dbName: t.dbName, timeoutMs: 10_000, ...extra });
  // every request the probes make goes through ds.run: count them there
  const asked: string[] = [];
  const counting: DataSource = { ...ds, run: (what, op, o) => (asked.push(what), ds.run(what, op, o)) };
  try {
    return await f(counting, asked);
  } finally {
    await ds.close();
  }
}

describe('capability probes', () => {
  // DocumentDB runs an unknown operator over an empty collection without a word: the probe must evaluate it
  it('a stage the server runs: supported; an unknown operator: unsupported with the server code, not thrown', async () => {
    await withDs({}, async (ds) => {
      expect(await probeServer(ds, SUM)).toEqual({ supported: true });
      const bogus = await probeServer(ds, BOGUS);
      expect(bogus.supported).toBe(false);
      expect(bogus.reason).toMatch(/^code \d+: /);
    });
  });

  it('asks the server once per connection, whatever the number of callers', async () => {
    await withDs({}, async (ds, asked) => {
      await Promise.all([probeServer(ds, BOGUS), probeServer(ds, BOGUS), useServerPipeline(ds, BOGUS)]);
      // one question: on a literal document, and on a server without $documents once more on the collection
      const first = [...asked];
      expect(first.length === 1 || first.length === 2).toBe(true);
      expect(new Set(first)).toEqual(new Set(['probe bogus operator']));
      await probeServer(ds, BOGUS);
      await useServerPipeline(ds, BOGUS);
      expect(asked).toEqual(first);
    });
  });

  it('checks the answer when the collection has a document: a wrong answer is unsupported', async () => {
    await t.ds.executions.insertOne({ status: 'success' } as never);
    await withDs({}, async (ds) => {
      const right = await probeServer(ds, { ...SUM, name: 'right', check: (rows) => rows[0]?.n === 1 });
      expect(right.supported).toBe(true);
      const wrong = await probeServer(ds, { ...SUM, name: 'wrong', check: (rows) => rows[0]?.n === 2 });
      expect(wrong).toMatchObject({ supported: false, reason: expect.stringMatching(/^wrong answer: /) });
    });
    await t.ds.executions.deleteMany({});
  });

  it('WFCTL_PIPELINES=client never asks; =server turns an unsupported probe into a usage error', async () => {
    await withDs({ pipelines: 'client' }, async (ds, asked) => {
      expect(await useServerPipeline(ds, SUM)).toBe(false);
      expect(asked).toEqual([]);
    });
    await withDs({ pipelines: 'server' }, async (ds) => {
      expect(await useServerPipeline(ds, SUM)).toBe(true);
      const err = await useServerPipeline(ds, BOGUS).catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'UsageError', exitCode: 2 });
      expect((err as Error).message).toMatch(/^the server cannot run the bogus operator pipeline \(code \d+: /);
    });
    await withDs({}, async (ds) => {
      expect(await useServerPipeline(ds, BOGUS)).toBe(false);
    });
  });

  it('--verbose is told where each figure is computed, once a probe, and why not on the server', async () => {
    const said: string[] = [];
    await withDs({ onDebug: (m) => said.push(m) }, async (ds) => {
      expect(await useServerPipeline(ds, SUM)).toBe(true);
      expect(await useServerPipeline(ds, SUM)).toBe(true);
      expect(await useServerPipeline(ds, BOGUS)).toBe(false);
    });
    expect(said).toEqual([
      'count by status: grouped on the server',
      expect.stringMatching(
        /^bogus operator: computed on the client \(the server cannot run the pipeline: code \d+: .+\)$/,
      ),
    ]);
    const client: string[] = [];
    await withDs({ pipelines: 'client', onDebug: (m) => client.push(m) }, (ds) => useServerPipeline(ds, SUM));
    expect(client).toEqual(['count by status: computed on the client (WFCTL_PIPELINES=client)']);
  });

  it('WFCTL_PIPELINES: auto by default, the three words in any case, anything else a usage error', () => {
    expect(pipelineMode({})).toBe('auto');
    expect(pipelineMode({ WFCTL_PIPELINES: '' })).toBe('auto');
    expect(pipelineMode({ WFCTL_PIPELINES: 'Client' })).toBe('client');
    expect(pipelineMode({ WFCTL_PIPELINES: 'server' })).toBe('server');
    expect(() => pipelineMode({ WFCTL_PIPELINES: 'sever' })).toThrow(
      /^invalid WFCTL_PIPELINES "sever": expected one of auto, server, client$/,
    );
  });
});
