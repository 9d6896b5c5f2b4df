/**
 * src/data/core/raw-runs.ts: a run read from the stored bytes is the run
 * readRun reads from the driver's document, for the backend's nested shape,
 * other tools' flat shape, legacy string times, and every BSON type in every
 * field a run is read from; and through a real raw cursor with the scans'
 * projections.
 */
import { BSON, Double, Int32, Long, ObjectId, type Document } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { RawRunReader, readRun, RUN_PROJECTION, RUN_PROJECTION_WITH_ERROR } from '../../../src/data/core/index.js';
import { CASES } from '../../support/ejson-cases.js';
import { prng } from '../../support/generator.js';
import { useTestDatabase } from '../../support/db.js';

const db = useTestDatabase('raw_runs');

const at = new Date('2025-06-01T10:00:00Z');
const later = new Date('2025-06-01T10:00:02.500Z');

function shapes(): Document[] {
  return [
    {
      _id: new ObjectId(),
      workflow_id: 'wf-1',
      workflow_name: 'one',
      execution: {
        workflow_id: 'wf-1',
        started_at: at,
        completed_at: later,
        status: 'success',
        actions_completed: ['a', 'b'],
        actions_failed: ['c'],
        error: null,
        context: { trigger_type: 'webhook' },
      },
      created_at: new Date(later.getTime() + 3),
    },
    {
      _id: new ObjectId(),
      workflow_id: 'wf-1',
      execution: {
        started_at: at,
        completed_at: later,
        status: 'failed',
        actions_failed: [],
        error: 'boom: 42',
        context: { requested_by: 'ann' },
      },
      created_at: later,
    },
    {
      _id: new ObjectId(),
      execution_id: 'exec-1',
      workflow_id: 'wf-2',
      status: 'failed',
      started_at: '2025-06-01T10:00:00',
      completed_at: later,
      duration_ms: 2500,
      trigger_type: 'cron',
      error: 'timeout',
    },
    {
      _id: new ObjectId(),
      execution_id: 'exec-2',
      workflow_id: 'wf-2',
      status: 'success',
      started_at: '2025-06-01 10:00:00+02:00',
      duration_ms: new Long(7),
      trigger_type: 'manual',
    },
    { _id: 'string id', workflow_id: 'wf-3', status: 'running', started_at: at },
    {
      _id: new ObjectId(),
      workflow_id: 'wf-3',
      execution: { status: 'success', started_at: later, completed_at: at },
      created_at: '2025-06-01T10:00:05Z',
      trigger_type: 'top level',
    },
    { _id: new ObjectId(), execution: null, status: 'success', started_at: at, created_at: null },
    { _id: new ObjectId(), execution: 'not a document', status: 'failed', duration_ms: '12', started_at: 'not a time' },
    { _id: new ObjectId(), execution: { $ref: 'x', $id: 1 }, status: 'success' },
    { _id: new ObjectId(), execution: { status: 'success', context: { $ref: 'x', $id: 2 } } },
    {
      _id: new ObjectId(),
      duration_ms: new Double(Number.NaN),
      started_at: new Date(9e15),
      completed_at: new Date(-1),
    },
    {
      _id: new ObjectId(),
      duration_ms: Long.fromString('9007199254740993'),
      execution_id: Long.fromString('-9007199254740993'),
      workflow_id: new Int32(5),
    },
    {},
  ];
}

/** Documents with a random BSON value (every type the codec knows) in random run fields, at the top and nested. */
function randomDocs(n: number, everyType = true): Document[] {
  const random = prng(11);
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
  const typical = () =>
    pick<unknown>([
      at,
      later,
      '2025-06-01T10:00:00Z',
      '2025-06-01 10:00',
      'success',
      'failed',
      'running',
      '',
      '  ',
      '17',
      5,
      2.5,
      -0,
      null,
      true,
      [],
      ['x', { y: 1 }],
      { trigger_type: 'api' },
      new ObjectId(),
    ]);
  const value = () => (everyType && random() < 0.5 ? pick(CASES).value : typical());
  const top = [
    '_id',
    'workflow_id',
    'created_at',
    'execution_id',
    'status',
    'started_at',
    'completed_at',
    'duration_ms',
    'trigger_type',
    'error',
    'other',
  ];
  const nested = ['status', 'started_at', 'completed_at', 'actions_failed', 'error', 'other'];
  const out: Document[] = [];
  for (let i = 0; i < n; i++) {
    const d: Document = {};
    for (const k of top) if (random() < 0.5) d[k] = value();
    if (random() < 0.7) {
      const ex: Document = {};
      for (const k of nested) if (random() < 0.6) ex[k] = value();
      if (random() < 0.6) ex.context = random() < 0.8 ? { trigger_type: value(), more: value() } : value();
      d.execution = random() < 0.9 ? ex : value();
    }
    out.push(d);
  }
  return out;
}

function expectSameRun(doc: Document, reader: RawRunReader): void {
  const bytes = BSON.serialize(doc, { ignoreUndefined: false });
  expect(reader.read(bytes), BSON.EJSON.stringify(doc, { relaxed: false })).toEqual(readRun(BSON.deserialize(bytes)));
}

describe('runs read from the stored bytes', () => {
  it('the backend nested shape, the flat shape, legacy strings, odd values: the same run as readRun', () => {
    const reader = new RawRunReader();
    for (const doc of shapes()) expectSameRun(doc, reader);
  });

  it('bytes no driver writes: a date beyond what Date holds, a key stored twice (the last counts)', () => {
    const reader = new RawRunReader();
    const same = (bytes: Uint8Array) => expect(reader.read(bytes)).toEqual(readRun(BSON.deserialize(bytes)));
    const far = Buffer.from(
      BSON.serialize({ status: 'success', started_at: Long.fromNumber(9e15), completed_at: Long.fromNumber(-9e15) }),
    );
    for (const name of ['started_at', 'completed_at']) far[far.indexOf(name) - 1] = 0x09; // int64 -> datetime, the same 8 bytes
    same(far);
    expect(reader.read(far).startedAt).toBeNull();
    const twice = Buffer.from(
      BSON.serialize({ status: 'failed', statuz: 'success', execution: { status: 'failed', statuz: 'success' } }),
    );
    for (let i = twice.indexOf('statuz'); i >= 0; i = twice.indexOf('statuz')) twice[i + 5] = 0x73;
    same(twice);
    expect(reader.read(twice).status).toBe('success');
  });

  it('every BSON type in every field a run is read from (3,000 random documents)', () => {
    const reader = new RawRunReader();
    for (const doc of randomDocs(3000)) expectSameRun(doc, reader);
  });

  it('a real raw cursor with the scans projections: the same runs as the driver documents give', async () => {
    const coll = db.ds.collection('raw_runs_logs');
    // FerretDB 1.24 cannot store NaN or $-keys (docs/DEVELOPING.md): the stored types here are the common ones
    const storable = shapes().filter(
      (d) => !(d.duration_ms instanceof Double) && !JSON.stringify(d).includes('"$ref"'),
    );
    await coll.insertMany([...storable, ...randomDocs(300, false)].map((d) => ({ ...d, _id: new ObjectId() })));
    for (const projection of [RUN_PROJECTION, RUN_PROJECTION_WITH_ERROR]) {
      const docs = await coll.find({}).project<Document>(projection).sort({ _id: 1 }).toArray();
      const reader = new RawRunReader();
      const raw: unknown[] = [];
      for await (const bytes of coll
        .find({}, { raw: true })
        .project(projection)
        .sort({ _id: 1 }) as unknown as AsyncIterable<Uint8Array>)
        raw.push(reader.read(bytes));
      expect(raw.length).toBe(docs.length);
      expect(raw).toEqual(docs.map(readRun));
    }
  });
});
