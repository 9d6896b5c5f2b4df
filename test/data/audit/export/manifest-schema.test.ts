import { describe, expect, it } from 'vitest';
import {
  GENESIS,
  manifestProblem,
  MANIFEST_FIELDS,
  MANIFEST_FORMAT,
  MANIFEST_VERSION,
  type ExportManifest,
} from '../../../../src/data/audit/index.js';

const HEX = 'ab'.repeat(32);

/** A manifest as audit export writes it: a run of a series, signed, with late records. */
function manifest(): ExportManifest {
  return {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    tool: 'wfctl/1.0.0',
    createdAt: '2025-03-01T00:02:00.000Z',
    file: 'audit-2.ndjson',
    exportFormat: 'ndjson',
    late: { exported: 1, ids: ['65e1f0000000000000000001'], accepted: 0, deleted: 0 },
    jsonFormat: 'relaxed',
    database: 'workflows',
    filter: {
      workflowId: null,
      userId: 'u1',
      eventTypes: ['workflow_created'],
      since: '2025-03-01T00:00:00.000Z',
      until: null,
    },
    range: {
      after: { _id: '65e1f0000000000000000000', timestamp: '2024-12-01T08:00:00' },
      since: null,
      upperBound: '2025-03-01T00:01:00.000Z',
      settleSeconds: 60,
    },
    records: 3,
    bytes: 1200,
    sha256: HEX,
    firstRecord: { _id: '65e1f0000000000000000001', timestamp: '2025-03-01T00:00:01.000Z' },
    lastRecord: { _id: 'legacy-id', timestamp: null },
    chain: { algorithm: 'sha256', genesis: GENESIS, head: HEX },
    series: {
      id: '3f1c7c1e-0000-4000-8000-000000000000',
      index: 2,
      previous: {
        file: 'audit-1.ndjson',
        sha256: HEX,
        chainHead: HEX,
        records: 0,
        manifestSha256: HEX,
        totalRecords: 0,
      },
      totalRecords: 3,
    },
    signature: { algorithm: 'hmac-sha256', value: HEX },
    signing: { algorithm: 'ed25519', keyId: '0123456789abcdef', signatureFile: 'audit-2.ndjson.manifest.json.sig' },
  };
}

describe('manifestProblem: the one check of a manifest before it is used', () => {
  it('takes what audit export writes, with and without the optional fields', () => {
    expect(manifestProblem(manifest())).toBeUndefined();
    const bare: Record<string, unknown> = { ...manifest(), series: null, firstRecord: null, lastRecord: null };
    for (const k of ['late', 'jsonFormat', 'signature', 'signing']) delete bare[k];
    expect(manifestProblem(bare)).toBeUndefined();
    // a series of an earlier wfctl: no manifest hash in its link, no running count
    const older = structuredClone(manifest()) as unknown as Record<string, any>;
    delete older.series.totalRecords;
    delete older.series.previous.manifestSha256;
    delete older.series.previous.totalRecords;
    expect(manifestProblem(older)).toBeUndefined();
  });

  it('accepts fields it does not know, at the top and inside (a newer wfctl may add them)', () => {
    const m = manifest() as unknown as Record<string, Record<string, unknown>>;
    m.identity = { ledger: 'l', sequence: 9 };
    m.filter!.tenant = 'acme';
    m.series!.sequence = 4;
    expect(manifestProblem(m)).toBeUndefined();
  });

  const cases: Array<[string, (m: Record<string, any>) => void, string]> = [
    ['a missing filter', (m) => delete m.filter, 'filter is missing'],
    ['a filter key left out', (m) => delete m.filter.userId, 'filter.userId is missing'],
    [
      'a filter key undefined (as JSON never holds, but a caller may)',
      (m) => (m.filter.userId = undefined),
      'filter.userId is missing',
    ],
    [
      'a filter key of the wrong type',
      (m) => (m.filter.userId = { $ne: null }),
      'filter.userId is an object, not a string or null',
    ],
    [
      'an unknown format',
      (m) => (m.exportFormat = 'xml'),
      'exportFormat is "xml" (a string), not one of "ndjson", "json", "csv"',
    ],
    [
      'an unknown JSON mode',
      (m) => (m.jsonFormat = 'strict'),
      'jsonFormat is "strict" (a string), not one of "relaxed", "canonical"',
    ],
    ['a negative count', (m) => (m.records = -3), 'records is -3 (a number), not a whole number (0 or more)'],
    [
      'a fractional count',
      (m) => (m.late.exported = 1.5),
      'late.exported is 1.5 (a number), not a whole number (0 or more)',
    ],
    [
      'a non-hex hash',
      (m) => (m.sha256 = 'z'.repeat(64)),
      `sha256 is "${'z'.repeat(64)}" (a string), not a SHA-256 (64 lowercase hex digits)`,
    ],
    [
      'a short hash in the series link',
      (m) => (m.series.previous.chainHead = 'abc'),
      'series.previous.chainHead is "abc" (a string), not a SHA-256 (64 lowercase hex digits)',
    ],
    [
      'a time that is not a time',
      (m) => (m.range.upperBound = '2025-13-45T00:00:00Z'),
      'range.upperBound is "2025-13-45T00:00:00Z" (a string), not an ISO-8601 time',
    ],
    [
      'a negative settle window',
      (m) => (m.range.settleSeconds = -1),
      'range.settleSeconds is -1 (a number), not a number (0 or more)',
    ],
    [
      'an event type list with a number',
      (m) => (m.filter.eventTypes = ['a', 2]),
      'filter.eventTypes[1] is 2 (a number), not a non-empty string',
    ],
    ['a record reference without its id', (m) => delete m.firstRecord._id, 'firstRecord._id is missing'],
    [
      'a chain of another algorithm',
      (m) => (m.chain.algorithm = 'md5'),
      'chain.algorithm is "md5" (a string), not "sha256"',
    ],
    ['an array for an object', (m) => (m.range = []), 'range is an array, not an object'],
    [
      'a signing key id that is not one',
      (m) => (m.signing.keyId = 'ABC'),
      'signing.keyId is "ABC" (a string), not a key id (16 lowercase hex digits)',
    ],
    [
      'a signature file in another folder',
      (m) => (m.signing.signatureFile = '../x.sig'),
      'signing.signatureFile is "../x.sig" (a string), not a file name (no folder)',
    ],
    [
      'a signing algorithm other than Ed25519',
      (m) => (m.signing.algorithm = 'rsa'),
      'signing.algorithm is "rsa" (a string), not "ed25519"',
    ],
    [
      'a running count that is not a count',
      (m) => (m.series.totalRecords = -1),
      'series.totalRecords is -1 (a number), not a whole number (0 or more)',
    ],
    [
      'a series index of 0',
      (m) => (m.series.index = 0),
      'series.index is 0 (a number), not a whole number (1 or more)',
    ],
  ];
  for (const [what, edit, problem] of cases) {
    it(what, () => {
      const m = structuredClone(manifest()) as unknown as Record<string, any>;
      edit(m);
      expect(manifestProblem(m)).toBe(problem);
    });
  }

  it('a value that is not an object at all', () => {
    expect(manifestProblem([])).toBe('is an array, not a JSON object');
    expect(manifestProblem(null)).toBe('is null, not a JSON object');
  });

  it('names every documented field of ExportManifest in its table', () => {
    expect(Object.keys(MANIFEST_FIELDS).sort()).toEqual(Object.keys(manifest()).sort());
  });
});
