/**
 * src/data/versions/deepdiff.ts against the backend's own DeepDiff 8.6.1 + pymongo 4.5:
 * test/fixtures/deepdiff/expected.json is what scripts/deepdiff-vectors.py writes
 * for corpus.json (regenerate both with the commands in those scripts' headers).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BSON, Double, Int32, Long } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { changesSummary, deepDiff } from '../../../src/data/versions/index.js';
import { ROOT } from '../../support/cli.js';
import { runPython } from '../../support/python.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'deepdiff');
const CORPUS = 'test/fixtures/deepdiff/corpus.json';

/** Vectors where Python raises; deepDiff's fallback is documented in its header. */
const PYTHON_RAISES: Record<string, string> = {
  'binary non-utf8 in list': 'DeepHash raises UnicodeDecodeError; wfctl hashes the bytes by their base64 text',
  'regex type change': 'to_json raises TypeError on Regex; wfctl writes str(value)',
  'minkey vs maxkey': 'to_json raises TypeError on MinKey; wfctl writes str(value)',
};

/** Vectors whose stored form wfctl cannot reproduce. */
const KNOWN_RESIDUE: Record<string, string> = {
  'integer-like keys added':
    'the driver reads integer-like keys first (JS object order), so added keys come in another order',
  'integer-like keys in a stored value':
    'a plain object lists integer-like keys first, so the stored value has another key order',
};

interface CorpusCase {
  name: string;
  a: unknown;
  b: unknown;
}

interface Vector {
  name: string;
  diff?: Ordered;
  error?: string;
  changes_summary?: Ordered;
  hash_ordered_tail?: Ordered;
}

/** One JSON value with object key order kept exactly as written (JSON.parse moves integer-like keys). */
type Ordered = null | boolean | string | { num: string } | Ordered[] | { entries: [string, Ordered][] };

function parseOrdered(text: string): Ordered {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const str = (): string => {
    const start = i;
    i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (): Ordered => {
    ws();
    const c = text[i]!;
    if (c === '{') {
      i++;
      const entries: [string, Ordered][] = [];
      ws();
      if (text[i] === '}') {
        i++;
        return { entries };
      }
      for (;;) {
        ws();
        const key = str();
        ws();
        i++; // ':'
        entries.push([key, value()]);
        ws();
        if (text[i++] === '}') return { entries };
      }
    }
    if (c === '[') {
      i++;
      const items: Ordered[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return items;
      }
      for (;;) {
        items.push(value());
        ws();
        if (text[i++] === ']') return items;
      }
    }
    if (c === '"') return str();
    const m = /^(true|false|null|-?[0-9.eE+-]+)/.exec(text.slice(i, i + 40))!;
    i += m[0].length;
    if (m[0] === 'true' || m[0] === 'false') return m[0] === 'true';
    if (m[0] === 'null') return null;
    return { num: m[0] };
  };
  return value();
}

const isEntries = (v: Ordered): v is { entries: [string, Ordered][] } =>
  v !== null && typeof v === 'object' && 'entries' in v;

/**
 * A canonical text of a canonical-EJSON value: doubles by value (Python writes
 * 1e+20 where the driver writes 100000000000000000000.0), ints by their BSON width.
 */
function canonical(v: Ordered): string {
  if (v === null || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (!isEntries(v)) return v.num;
  const only = v.entries.length === 1 ? v.entries[0]! : undefined;
  if (only && typeof only[1] === 'string') {
    if (only[0] === '$numberDouble') {
      const n = Number(only[1]);
      return `double(${Object.is(n, -0) ? '-0' : String(n)})`;
    }
    if (only[0] === '$numberInt') return `int32(${only[1]})`;
    if (only[0] === '$numberLong') return `int64(${only[1]})`;
  }
  return `{${v.entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
}

/** The trailing `tail` values_changed entries come in Python's hash-seed order: compare them sorted. */
function withSortedTail(diff: Ordered, tail: number): Ordered {
  if (!tail || !isEntries(diff)) return diff;
  return {
    entries: diff.entries.map(([k, v]): [string, Ordered] => {
      if (k !== 'values_changed' || !isEntries(v)) return [k, v];
      const head = v.entries.slice(0, v.entries.length - tail);
      const rest = v.entries.slice(v.entries.length - tail).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
      return [k, { entries: [...head, ...rest] }];
    }),
  };
}

const lines = (file: string): string[] =>
  readFileSync(join(FIXTURES, file), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => l.replace(/,$/, ''));

const corpus: CorpusCase[] = lines('corpus.json').map((l) => BSON.EJSON.parse(l, { relaxed: false }) as CorpusCase);
const vectors: Vector[] = lines('expected.json').map((l) => {
  const o = parseOrdered(l);
  if (!isEntries(o)) throw new Error('bad vector line');
  return Object.fromEntries(o.entries) as unknown as Vector;
});
/** A canonical-EJSON int ({"$numberInt": "4"}) as a number. */
const intOf = (o: Ordered | undefined): number => (o !== undefined && isEntries(o) ? Number(o.entries[0]![1]) : 0);
const expectedText = (v: Vector): string => canonical(withSortedTail(v.diff!, intOf(v.hash_ordered_tail)));
const actualText = (c: CorpusCase, v: Vector): string => {
  const stored = BSON.EJSON.stringify(deepDiff(c.a, c.b), { relaxed: false });
  return canonical(withSortedTail(parseOrdered(stored), intOf(v.hash_ordered_tail)));
};

describe('deepDiff against the backend DeepDiff (corpus vectors)', () => {
  it('the corpus and the vectors line up', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(120);
    expect(vectors.map((v) => v.name)).toEqual(corpus.map((c) => c.name));
    expect(Object.keys(PYTHON_RAISES).sort()).toEqual(
      vectors
        .filter((v) => v.error !== undefined)
        .map((v) => v.name)
        .sort(),
    );
  });

  it('writes what Python writes for every vector Python can write', () => {
    const mismatches: string[] = [];
    const residueSeen: string[] = [];
    let equal = 0;
    let compared = 0;
    corpus.forEach((c, i) => {
      const v = vectors[i]!;
      if (v.error !== undefined) return;
      compared++;
      const want = expectedText(v);
      const got = actualText(c, v);
      if (got === want) equal++;
      else if (c.name in KNOWN_RESIDUE) residueSeen.push(c.name);
      else mismatches.push(`${c.name}\n    python: ${want}\n    wfctl:  ${got}`);
    });
    process.stdout.write(
      `deepdiff: ${equal} of ${compared} vectors equal (${corpus.length - compared} where Python raises)\n`,
    );
    for (const [name, why] of Object.entries(KNOWN_RESIDUE)) process.stdout.write(`  residue: ${name}: ${why}\n`);
    expect(mismatches.slice(0, 5).join('\n'), `${mismatches.length} vectors differ`).toBe('');
    expect(residueSeen.sort()).toEqual(Object.keys(KNOWN_RESIDUE).sort());
  });

  it('falls back instead of raising where Python raises (documented residue)', () => {
    for (const c of corpus.filter((x) => x.name in PYTHON_RAISES)) {
      process.stdout.write(`  python raises: ${c.name}: ${PYTHON_RAISES[c.name]}\n`);
      expect(() => deepDiff(c.a, c.b)).not.toThrow();
    }
    const byName = new Map(corpus.map((c) => [c.name, c]));
    const regex = byName.get('regex type change')!;
    expect(deepDiff(regex.a, regex.b)).toEqual({
      type_changes: { "root['v']": { old_type: 'int', new_type: 'Regex', old_value: 1, new_value: "Regex('^a', 0)" } },
    });
    const keys = byName.get('minkey vs maxkey')!;
    expect(deepDiff(keys.a, keys.b)).toEqual({
      type_changes: {
        "root['v']": { old_type: 'MinKey', new_type: 'MaxKey', old_value: 'MinKey()', new_value: 'MaxKey()' },
      },
    });
    const bytes = byName.get('binary non-utf8 in list')!;
    expect(deepDiff(bytes.a, bytes.b)).toEqual({
      values_changed: { "root['v'][0]": { new_value: '/g==', old_value: '/wA=' } },
    });
  });

  it('the committed vectors are what the Python reference writes now', () => {
    const fresh = runPython('scripts/deepdiff-vectors.py', [CORPUS]);
    expect(fresh).toBe(readFileSync(join(FIXTURES, 'expected.json'), 'utf8'));
  });
});

describe('changesSummary', () => {
  it('counts what the backend counts, on wfctl diffs and on stored ones', () => {
    let checked = 0;
    corpus.forEach((c, i) => {
      const v = vectors[i]!;
      if (v.error !== undefined || c.name in KNOWN_RESIDUE) return;
      const s = Object.fromEntries(
        (v.changes_summary as { entries: [string, Ordered][] }).entries.map(([k, x]) => [k, intOf(x)]),
      );
      const storedDiff = BSON.EJSON.parse(BSON.EJSON.stringify(deepDiff(c.a, c.b), { relaxed: false }), {
        relaxed: false,
      });
      expect(changesSummary(deepDiff(c.a, c.b)), c.name).toEqual(s);
      expect(changesSummary(storedDiff), c.name).toEqual(s);
      checked++;
    });
    expect(checked).toBeGreaterThan(100);
  });

  it('tolerates any shape', () => {
    const zero = { values_changed: 0, items_added: 0, items_removed: 0 };
    for (const odd of [
      null,
      undefined,
      7,
      'text',
      [],
      [1, 2],
      new Date(),
      { values_changed: null },
      { values_changed: 5 },
    ]) {
      expect(changesSummary(odd)).toEqual(zero);
    }
    expect(
      changesSummary({
        values_changed: ['a', 'b'],
        dictionary_item_added: { x: 1 },
        iterable_item_removed: 'ab',
        iterable_item_added: new Int32(3),
      }),
    ).toEqual({
      values_changed: 2,
      items_added: 1,
      items_removed: 2,
    });
  });
});

describe('deepDiff inputs', () => {
  it('reads plain JS values as the driver would store them', () => {
    // 2 is written as int32 and 2.5 as a double; 2.0 cannot be told from 2 in JS
    expect(deepDiff({ v: 2 }, { v: 2.5 })).toEqual(deepDiff({ v: new Int32(2) }, { v: new Double(2.5) }));
    expect(deepDiff({ v: 2 }, { v: new Double(2) })).toEqual({
      type_changes: { "root['v']": { old_type: 'int', new_type: 'float', old_value: 2, new_value: new Double(2) } },
    });
    // integers outside int32 and -0 are written as doubles; bigint as int64
    expect(deepDiff({ v: 3_000_000_000 }, { v: new Double(3_000_000_000) })).toEqual({});
    expect(deepDiff({ v: -0 }, { v: 0 })).toMatchObject({
      type_changes: { "root['v']": { old_type: 'float', new_type: 'int' } },
    });
    expect(deepDiff({ v: 5n }, { v: Long.fromNumber(5) })).toEqual({});
    expect(deepDiff({ v: Long.fromString('9007199254740993') }, { v: 1 })).toEqual({
      type_changes: {
        "root['v']": {
          old_type: 'Int64',
          new_type: 'int',
          old_value: Long.fromString('9007199254740993'),
          new_value: 1,
        },
      },
    });
    // undefined is written as null; Buffer as binary subtype 0
    expect(deepDiff({ v: undefined }, { v: null })).toEqual({});
    expect(deepDiff({ v: Buffer.from('ab') }, { v: Buffer.from('ac') })).toEqual({
      values_changed: { "root['v']": { new_value: 'ac', old_value: 'ab' } },
    });
  });

  it('writes datetimes as Python isoformat()', () => {
    const d1 = new Date('2025-01-31T12:00:00Z');
    const d2 = new Date('2025-01-31T12:00:00.123Z');
    expect(deepDiff({}, { a: d1, b: d2 })).toEqual({
      values_changed: {
        root: { new_value: { a: '2025-01-31T12:00:00', b: '2025-01-31T12:00:00.123000' }, old_value: {} },
      },
    });
    expect(deepDiff({ a: d1 }, { a: d2 })).toEqual({
      values_changed: {
        "root['a']": { new_value: '2025-01-31T12:00:00.123000+00:00', old_value: '2025-01-31T12:00:00+00:00' },
      },
    });
  });

  it('does not change the documents it is given', () => {
    const a = { l: [{ n: 'x', c: { k: 1 } }, { n: 'y' }] };
    const b = { l: [{ n: 'x', c: { k: 1 }, extra: { old_value: 5, z: 1 } }, { n: 'y' }] };
    const copy = structuredClone(b);
    // DeepDiff drops "old_value" from its own copy of the document while pairing
    expect(deepDiff(a, b)).toEqual({ dictionary_item_added: ["root['l'][0]['extra']"] });
    expect(b).toEqual(copy);
  });
});

describe('deepDiff performance', () => {
  const action = (i: number, timeout = 30): Record<string, unknown> => ({
    action_type: 'http_request',
    name: `Step ${i}`,
    config: {
      url: `https://api.example.com/items/${i}`,
      method: 'GET',
      timeout,
      headers: { Accept: 'application/json' },
    },
    order: i,
    enabled: true,
  });
  const workflow = (actions: Record<string, unknown>[]): Record<string, unknown> => ({
    name: 'Big',
    trigger: { trigger_type: 'manual', config: {} },
    actions,
    tags: ['a'],
    updated_at: new Date('2025-01-01T00:00:00Z'),
  });
  const timed = <T>(label: string, f: () => T): T => {
    const t0 = performance.now();
    const out = f();
    process.stdout.write(`  ${label}: ${Math.round(performance.now() - t0)} ms\n`);
    return out;
  };

  it('two 5,000-action workflows differing in one action config', () => {
    const a = workflow(Array.from({ length: 5000 }, (_, i) => action(i)));
    const b = workflow(Array.from({ length: 5000 }, (_, i) => action(i, i === 4321 ? 45 : 30)));
    const diff = timed('5,000 actions, one edited', () => deepDiff(a, b));
    expect(diff).toEqual({
      values_changed: { "root['actions'][4321]['config']['timeout']": { new_value: 45, old_value: 30 } },
    });
  });

  it('hundreds of changed list items: pairs them within DeepDiff cutoffs, without blowing up', () => {
    // 250 of 600 actions edited: under the 70% cutoff, so every removed/added pair gets a distance (62,500 inner diffs)
    const a = workflow(Array.from({ length: 600 }, (_, i) => action(i)));
    const b = workflow(Array.from({ length: 600 }, (_, i) => action(i, i % 12 < 5 ? 31 : 30)));
    const diff = timed('600 actions, 250 edited', () => deepDiff(a, b)) as { values_changed: Record<string, unknown> };
    expect(Object.keys(diff.values_changed)).toHaveLength(250);
    expect(diff.values_changed["root['actions'][0]['config']['timeout']"]).toEqual({ new_value: 31, old_value: 30 });

    // 1,500 of 2,000 tags replaced: beyond the cutoff, no pairing at all
    const tags = Array.from({ length: 2000 }, (_, i) => `tag-${i}`);
    const tags2 = tags.map((t, i) => (i < 1500 ? `${t}-x` : t));
    const many = timed('2,000 tags, 1,500 replaced', () => deepDiff({ tags }, { tags: tags2 })) as {
      values_changed: Record<string, unknown>;
    };
    expect(Object.keys(many.values_changed)).toHaveLength(1500);

    // 500 of 2,000 tags replaced: paired by distance (250,000 string pairs), none close enough
    const tags3 = tags.map((t, i) => (i % 4 === 0 ? `${t}-y` : t));
    const some = timed('2,000 tags, 500 replaced', () => deepDiff({ tags }, { tags: tags3 })) as {
      values_changed: Record<string, unknown>;
    };
    expect(Object.keys(some.values_changed)).toHaveLength(500);
  });
});
