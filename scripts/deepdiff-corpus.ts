/**
 * tsx scripts/deepdiff-corpus.ts > test/fixtures/deepdiff/corpus.json
 *
 * Writes the corpus of document pairs that pins src/data/versions/deepdiff.ts to the
 * backend's DeepDiff (the expected side comes from scripts/deepdiff-vectors.py).
 * Deterministic: fixed dates and a seeded generator, so a rerun gives the same file.
 * Each case is one line of canonical Extended JSON: { name, a, b }.
 */
import {
  BSON,
  Binary,
  BSONRegExp,
  BSONSymbol,
  Code,
  DBRef,
  Decimal128,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  Timestamp,
} from 'mongodb';
import { prng } from '../test/support/generator.js';

type Doc = Record<string, unknown>;
interface Case {
  name: string;
  a: Doc | string;
  b: Doc | string;
}

const at = (iso: string): Date => new Date(iso);
const clone = <T>(v: T): T => BSON.EJSON.parse(BSON.EJSON.stringify(v, { relaxed: false }), { relaxed: false }) as T;

const ACTION_TYPES = [
  'send_email',
  'http_request',
  'slack_message',
  'transform_data',
  'condition',
  'delay',
  'database_query',
  'webhook',
];

function actionConfig(type: string, i: number): Doc {
  switch (type) {
    case 'send_email':
      return {
        to: [`team${i}@example.com`],
        subject: `Report ${i}`,
        template: 'daily_summary',
        attach_csv: i % 2 === 0,
      };
    case 'http_request':
      return {
        url: `https://api.example.com/v1/items/${i}`,
        method: 'GET',
        timeout: 30,
        retries: 3,
        headers: { Accept: 'application/json' },
      };
    case 'slack_message':
      return { channel: `#ops-${i}`, text: `Run ${i} finished`, mention_here: false };
    case 'transform_data':
      return { script: `rows = [r for r in rows if r["amount"] > ${i}]`, output: 'rows', batch_size: 500 };
    case 'condition':
      return { field: 'status', operator: 'equals', value: 'failed', threshold: 0.75 };
    case 'delay':
      return { seconds: 60 * (i + 1) };
    case 'database_query':
      return { collection: 'orders', filter: { status: 'open', region: `eu-${i}` }, limit: 100 };
    default:
      return {
        url: `https://hooks.example.com/${i}`,
        secret_ref: `vault:webhook/${i}`,
        payload: { include_run: true },
      };
  }
}

function action(i: number, type = ACTION_TYPES[i % ACTION_TYPES.length]!): Doc {
  return {
    action_type: type,
    name: `Step ${i + 1}: ${type.replace('_', ' ')}`,
    config: actionConfig(type, i),
    order: i + 1,
    enabled: true,
  };
}

function workflow(actions = 4): Doc {
  return {
    name: 'Nightly sales report',
    description: "Collects the day's orders and mails the summary to the sales team.",
    trigger: { trigger_type: 'scheduled', config: { cron: '0 2 * * *', timezone: 'Europe/Berlin' } },
    actions: Array.from({ length: actions }, (_, i) => action(i)),
    enabled: true,
    tags: ['reports', 'sales', 'nightly'],
    created_by: 'alice@example.com',
    created_at: at('2025-01-06T09:15:00.000Z'),
    updated_at: at('2025-01-20T17:42:10.250Z'),
    execution_count: 42,
    last_execution: at('2025-01-21T02:00:03.120Z'),
  };
}

/** a = workflow, b = the same after `edit`. */
function edited(name: string, edit: (w: any) => void, base: Doc = workflow()): Case {
  const b = clone(base);
  edit(b);
  return { name, a: base, b };
}

function pair(name: string, a: unknown, b: unknown): Case {
  return { name, a: { v: a }, b: { v: b } };
}

const cases: Case[] = [];
const add = (...c: Case[]): void => {
  cases.push(...c);
};

// --- scalars ---------------------------------------------------------------
add(
  pair('int changed', 1, 2),
  pair('float changed', 2.5, 3.75),
  pair('float to int', 2.5, 2),
  pair('int to float', 2, 2.5),
  pair('float 2.0 vs int 2', new Double(2), 2),
  pair('int 2 vs float 2.0', 2, new Double(2)),
  pair('int32 vs int64 same value', new Int32(5), Long.fromNumber(5)),
  pair('int64 vs int32 same value', Long.fromNumber(5), new Int32(5)),
  pair('int64 changed', Long.fromString('9007199254740993'), Long.fromString('9007199254740995')),
  pair('int64 to float', Long.fromNumber(7), 7.5),
  pair('float to int64', 7.5, Long.fromNumber(7)),
  pair('str changed', 'draft', 'published'),
  pair('str to int', '30', 30),
  pair('int to str', 30, '30'),
  pair('int to str other', 30, 'thirty'),
  pair('float to str', 2.5, '2.5'),
  pair('null to str', null, 'ops@example.com'),
  pair('str to null', 'ops@example.com', null),
  pair('null to int', null, 3),
  pair('bool flipped', true, false),
  pair('bool to int', true, 1),
  pair('int to bool', 0, false),
  pair('bool to str', false, 'False'),
  pair('nan vs nan', new Double(NaN), new Double(NaN)),
  pair('nan vs float', new Double(NaN), 1.5),
  pair('infinity changed', new Double(Infinity), new Double(-Infinity)),
  pair('negative zero vs zero float', new Double(-0), new Double(0)),
  pair('negative zero vs int zero', new Double(-0), 0),
  pair('float repr edges', [0.1, 1e16, 1.5e-7, 123456789.125], [0.30000000000000004, 1e17, 1.5e-8, 123456789.25]),
  pair('unicode value', 'Grüße aus Köln', 'Grüße aus Zürich 🚀'),
  pair('empty string vs null', '', null),
  pair('multiline string edited', 'line one\nline two\nline three', 'line one\nline 2\nline three\nline four'),
  pair(
    'multiline long string edited in two places',
    Array.from({ length: 30 }, (_, i) => `row ${i}`).join('\n'),
    Array.from({ length: 30 }, (_, i) => (i === 3 ? 'row three' : i === 25 ? 'row twenty-five' : `row ${i}`)).join(
      '\n',
    ),
  ),
  pair('multiline crlf', 'a\r\nb\r\nc', 'a\r\nB\r\nc'),
  pair('string gains a newline', 'single line', 'single line\n'),
  pair(
    'multiline 250 lines with popular lines',
    Array.from({ length: 250 }, (_, i) => (i % 3 === 0 ? '' : `item ${i % 40}`)).join('\n'),
    Array.from({ length: 250 }, (_, i) => (i % 3 === 0 ? '' : i === 100 ? 'changed' : `item ${i % 40}`))
      .filter((_, i) => i !== 7)
      .join('\n'),
  ),
  pair('multiline other line separators', 'a\rb\u2028c\x0bd\x1ce', 'a\nb\nc!\nd\ne'),
  pair('string becomes multiline', 'one', 'one\ntwo'),
  pair('date changed', at('2025-01-31T12:00:00.000Z'), at('2025-02-01T08:30:00.123Z')),
  pair('date to null', at('2025-01-31T12:00:00.000Z'), null),
  pair('null to date', null, at('2025-01-31T12:00:00.000Z')),
  pair('date to str', at('2025-01-31T12:00:00.000Z'), '2025-01-31T12:00:00'),
  pair('same date', at('2025-01-31T12:00:00.000Z'), at('2025-01-31T12:00:00.000Z')),
);

// --- dicts -----------------------------------------------------------------
add(
  { name: 'identical documents', a: workflow(), b: workflow() },
  { name: 'empty vs empty', a: {}, b: {} },
  { name: 'first version against empty', a: {}, b: workflow(2) },
  { name: 'empty to one key', a: {}, b: { name: 'x' } },
  { name: 'one key to empty', a: { name: 'x' }, b: {} },
  { name: 'two keys to empty', a: { name: 'x', enabled: true }, b: {} },
  { name: 'single key renamed', a: { a: 1 }, b: { b: 1 } },
  {
    name: 'nested key added',
    a: { trigger: { config: { cron: '0 2 * * *' } } },
    b: { trigger: { config: { cron: '0 2 * * *', timezone: 'UTC' } } },
  },
  {
    name: 'nested key removed',
    a: { trigger: { config: { cron: '0 2 * * *', timezone: 'UTC' } } },
    b: { trigger: { config: { cron: '0 2 * * *' } } },
  },
  { name: 'nested dict added', a: { name: 'w' }, b: { name: 'w', rollback_info: { from_version: 3 } } },
  {
    name: 'mostly replaced dict',
    a: { config: { url: 'https://a.example.com', method: 'GET', timeout: 30, retries: 1 } },
    b: { config: { url: 'https://a.example.com', channel: '#ops', text: 'hi', mention: true } },
  },
  { name: 'threshold exactly one third kept', a: { c: { a: 1, b: 2 } }, b: { c: { a: 9, c: 3 } } },
  { name: 'threshold one quarter replaced', a: { c: { a: 1, b: 2, x: 0 } }, b: { c: { a: 9, c: 3, y: 0 } } },
  { name: 'dict to list', a: { v: { a: 1 } }, b: { v: ['a'] } },
  { name: 'list to dict', a: { v: [['a', 1]] }, b: { v: { a: 1 } } },
  { name: 'empty dict to empty list', a: { v: {} }, b: { v: [] } },
  {
    name: 'private keys ignored',
    a: { __v: 1, name: 'x', __meta: { a: 1 } },
    b: { __v: 2, name: 'x', __meta: { a: 2 } },
  },
  { name: 'single underscore keys compared', a: { _v: 1, name: 'x' }, b: { _v: 2, name: 'x' } },
  {
    name: 'keys with quotes and brackets',
    a: {
      "it's": 1,
      'say "hi"': 1,
      'both \' and "': 1,
      'back\\slash': 1,
      'with space': 1,
      'br[ack]ets': 1,
      'dot.ted': 1,
      '': 1,
    },
    b: {
      "it's": 2,
      'say "hi"': 2,
      'both \' and "': 2,
      'back\\slash': 2,
      'with space': 2,
      'br[ack]ets': 2,
      'dot.ted': 2,
      '': 2,
    },
  },
  {
    name: 'keys with quotes added and removed',
    a: { keep: 1, keep2: 1, keep3: 1, "o'old": 1, 'q"old': 1 },
    b: { keep: 1, keep2: 1, keep3: 1, "n'new": 1, 'both\'"': 1 },
  },
  { name: 'unicode keys', a: { größe: 1, 名前: 'a', '🔑': true }, b: { größe: 2, 名前: 'b', '🔑': true, ключ: null } },
  { name: 'key order only', a: { a: 1, b: 2, c: 3 }, b: { c: 3, b: 2, a: 1 } },
  { name: 'added keys order follows b', a: { m: 1, n: 1, o: 1 }, b: { z: 1, m: 1, a: 1, n: 1, o: 1, y: 1 } },
);

// --- lists -----------------------------------------------------------------
add(
  pair('tags added', ['reports', 'sales'], ['reports', 'sales', 'nightly']),
  pair('tags removed', ['reports', 'sales', 'nightly'], ['reports', 'nightly']),
  pair('tags reordered', ['a', 'b', 'c'], ['c', 'a', 'b']),
  pair('tags duplicates dropped', ['a', 'a', 'b'], ['a', 'b']),
  pair('tags duplicates added', ['a', 'b'], ['b', 'a', 'b', 'a']),
  pair('tags one replaced', ['reports', 'sales', 'nightly'], ['reports', 'finance', 'nightly']),
  pair('tags replaced at other index', ['a', 'b', 'c'], ['d', 'a', 'c']),
  pair('tags several replaced', ['a', 'b', 'c', 'd', 'e', 'f'], ['a', 'x', 'y', 'z', 'w', 'f']),
  pair('tags all replaced', ['a', 'b'], ['c', 'd']),
  pair('tags more added than removed', ['a', 'b', 'c'], ['a', 'x', 'y', 'z']),
  pair('numbers one changed', [1, 2, 3], [1, 2, 4]),
  pair('numbers far apart still pair', [1, 2, 3], [1, 2, 3000]),
  pair('numbers opposite signs', [-1], [1]),
  pair('numbers several changed', [10, 20, 30, 40], [11, 20, 33, 41]),
  pair('numbers int vs float same value', [2], [new Double(2)]),
  pair('numbers float vs int same value', [new Double(2)], [2]),
  pair('numbers int then float collide', [1, 2, new Double(3)], [new Double(1), 3, 2]),
  pair('numbers int32 vs int64 in list', [new Int32(5), 6], [Long.fromNumber(5), 6]),
  pair('numbers int64 first in list', [Long.fromNumber(5)], [new Int32(5), 7]),
  pair('bool and int in list', [true], [1]),
  pair('bools in list', [true, false], [false]),
  pair('nulls in list', [null, 1], [1, null, null]),
  pair('zero and false in list', [0, false], [false, 1]),
  pair(
    'nested lists',
    [[1, 2], [3]],
    [
      [1, 2],
      [3, 4],
    ],
  ),
  pair('nested lists deeper', [[['a']], [['b', 'c']]], [[['a']], [['b', 'd']]]),
  pair('empty list to list', [], ['a']),
  pair('list to empty list', ['a', 'b'], []),
  pair('empty nested containers', [[], {}], [{}, [], [[]]]),
  pair(
    'dates in list',
    [at('2025-01-01T00:00:00Z'), at('2025-02-01T00:00:00Z')],
    [at('2025-01-01T00:00:00Z'), at('2025-02-03T10:00:00.500Z')],
  ),
  pair('date added to list', [at('2025-01-01T00:00:00Z')], [at('2025-01-01T00:00:00Z'), at('2025-03-01T00:00:00Z')]),
  pair('mixed types in list', ['1', 1, 1.5, null], [1, '1', 2.5, 'x']),
  pair('strings and dicts in list', ['a', { k: 1 }], [{ k: 2 }, 'a']),
  pair(
    'list of dicts with old_value key',
    [{ n: 'x', c: { k: 1 } }, { n: 'y' }],
    [{ n: 'x', c: { k: 1 }, extra: { old_value: 5, z: 1 } }, { n: 'y' }],
  ),
  pair(
    'list of dicts with new_path and underscore keys',
    [{ n: 'x', _id: 1, m: 1 }, { n: 'z' }],
    [{ n: 'x', _id: 2, m: 1, new_path: 'p' }, { n: 'z' }],
  ),
  pair('list of dicts with unicode', [{ name: 'Zürich' }], [{ name: 'Zürich', city: '東京' }]),
);

// --- workflows -------------------------------------------------------------
add(
  edited('wf name changed', (w) => (w.name = 'Nightly sales report (EU)')),
  edited(
    'wf description multiline',
    (w) => (w.description = 'Collects the orders.\nMails the summary.\nRetries twice.'),
  ),
  edited('wf disabled', (w) => (w.enabled = false)),
  edited('wf execution count incremented', (w) => {
    w.execution_count = 43;
    w.last_execution = at('2025-01-22T02:00:01.004Z');
  }),
  edited('wf last execution null to date', (w) => (w.last_execution = at('2025-01-22T02:00:00Z')), {
    ...workflow(),
    last_execution: null,
  }),
  edited('wf updated_at changed', (w) => (w.updated_at = at('2025-02-02T10:00:00Z'))),
  edited('wf trigger cron changed', (w) => (w.trigger.config.cron = '30 3 * * 1-5')),
  edited(
    'wf trigger type changed',
    (w) => (w.trigger = { trigger_type: 'webhook', config: { path: '/hooks/sales', secret_ref: 'vault:x' } }),
  ),
  edited(
    'wf trigger event config',
    (w) => (w.trigger = { trigger_type: 'event', config: { cron: '0 2 * * *', event: 'order.created' } }),
  ),
  edited('wf trigger manual empty config', (w) => (w.trigger = { trigger_type: 'manual', config: {} })),
  edited('wf action config timeout', (w) => (w.actions[1].config.timeout = 60)),
  edited('wf action config timeout to float', (w) => (w.actions[1].config.timeout = 45.5)),
  edited('wf action config header added', (w) => (w.actions[1].config.headers['X-Trace'] = 'on')),
  edited('wf action disabled', (w) => (w.actions[2].enabled = false)),
  edited('wf action renamed', (w) => (w.actions[0].name = 'Mail the team')),
  edited('wf two actions edited', (w) => {
    w.actions[0].config.subject = 'Daily report';
    w.actions[3].config.text = 'Done';
  }),
  edited('wf action added at end', (w) => w.actions.push(action(4))),
  edited('wf action added in middle', (w) => {
    w.actions.splice(2, 0, action(9, 'delay'));
    w.actions.forEach((a: Doc, i: number) => (a.order = i + 1));
  }),
  edited('wf action removed', (w) => w.actions.splice(1, 1)),
  edited('wf action removed and renumbered', (w) => {
    w.actions.splice(1, 1);
    w.actions.forEach((a: Doc, i: number) => (a.order = i + 1));
  }),
  edited('wf actions reordered', (w) => w.actions.reverse()),
  edited('wf actions reordered and renumbered', (w) => {
    w.actions.reverse();
    w.actions.forEach((a: Doc, i: number) => (a.order = i + 1));
  }),
  edited('wf actions reordered and edited', (w) => {
    w.actions.reverse();
    w.actions[0].config.text = 'All done';
  }),
  edited('wf action replaced by other type', (w) => (w.actions[2] = action(2, 'webhook'))),
  edited('wf all actions removed', (w) => (w.actions = [])),
  edited('wf actions from empty', (w) => (w.actions = [action(0), action(1)]), { ...workflow(), actions: [] }),
  edited('wf tags edited', (w) => (w.tags = ['reports', 'finance', 'nightly', 'eu'])),
  edited('wf tags duplicated', (w) => (w.tags = ['reports', 'reports', 'sales', 'nightly'])),
  edited('wf rollback info added', (w) => {
    w.rollback_info = {
      rolled_back_at: at('2025-02-03T11:00:00.789Z'),
      rolled_back_by: 'bob@example.com',
      from_version: 7,
      reason: 'Broken SMTP settings',
    };
  }),
  edited(
    'wf rollback info changed',
    (w) => {
      w.rollback_info.rolled_back_at = at('2025-02-04T08:00:00Z');
      w.rollback_info.from_version = 9;
    },
    {
      ...workflow(),
      rollback_info: {
        rolled_back_at: at('2025-02-03T11:00:00Z'),
        rolled_back_by: 'bob@example.com',
        from_version: 7,
        reason: 'Broken SMTP',
      },
    },
  ),
  edited('wf rollback info removed', (w) => delete w.rollback_info, {
    ...workflow(),
    rollback_info: {
      rolled_back_at: at('2025-02-03T11:00:00Z'),
      rolled_back_by: 'bob@example.com',
      from_version: 7,
      reason: 'x',
    },
  }),
  edited('wf execution count int64', (w) => (w.execution_count = Long.fromNumber(43))),
  edited('wf created_by and enabled and tags', (w) => {
    w.created_by = 'carol@example.com';
    w.enabled = false;
    w.tags.push('paused');
  }),
  edited(
    'wf action config mostly replaced',
    (w) => (w.actions[1].config = { url: w.actions[1].config.url, body: '{}', auth: 'token', verify: false }),
  ),
  edited(
    'wf action nested filter changed',
    (w) => (w.actions[2].config = actionConfig('database_query', 2)),
    workflow(4),
  ),
  edited('wf action to list recipient added', (w) => w.actions[0].config.to.push('ceo@example.com')),
  edited('wf new top-level field', (w) => (w.timeout_seconds = 900)),
  edited('wf field removed', (w) => delete w.description),
  edited('wf many top-level changes', (w) => {
    w.name = 'Renamed';
    w.description = 'New text';
    w.enabled = false;
    w.execution_count = 0;
    w.last_execution = null;
    w.tags = [];
  }),
);

// --- large lists -----------------------------------------------------------
{
  const tags = Array.from({ length: 300 }, (_, i) => `tag-${i}`);
  const tags2 = tags.slice();
  tags2[10] = 'tag-ten';
  tags2[150] = 'tag-150b';
  tags2.splice(200, 1);
  tags2.push('tag-new');
  add(pair('large tag list few edits', tags, tags2));

  const nums = Array.from({ length: 400 }, (_, i) => i * 3);
  const nums2 = nums.slice();
  nums2[5] = 16;
  nums2[222] = -7;
  nums2.push(100000);
  add(pair('large number list few edits', nums, nums2));

  const many = Array.from({ length: 200 }, (_, i) => i);
  const many2 = many.map((v) => (v % 5 === 0 ? v + 0.5 : v));
  add(pair('number list forty changed', many, many2));

  const big = workflow(250);
  add(
    edited('large workflow one action edited', (w) => (w.actions[137].config.timeout = 5), big),
    edited(
      'large workflow three actions edited',
      (w) => {
        w.actions[3].enabled = false;
        w.actions[100].config.limit = 10;
        w.actions[249].name = 'Last step';
      },
      big,
    ),
    edited(
      'large workflow action removed and added',
      (w) => {
        w.actions.splice(60, 1);
        w.actions.push(action(300, 'slack_message'));
      },
      big,
    ),
  );
}

// --- randomized workflow edits (pairing under ties and cutoffs) --------------
{
  const rand = prng(20250131);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
  for (let n = 0; n < 24; n++) {
    const base = workflow(6 + Math.floor(rand() * 8));
    add(
      edited(
        `random edits ${n + 1}`,
        (w) => {
          const edits = 1 + Math.floor(rand() * 4);
          for (let e = 0; e < edits; e++) {
            const acts = w.actions as Doc[];
            const k = Math.floor(rand() * acts.length);
            const which = Math.floor(rand() * 8);
            if (acts.length === 0) break;
            const act = acts[k] as any;
            if (which === 0) act.enabled = !act.enabled;
            else if (which === 1) act.name = `${act.name} (edited)`;
            else if (which === 2) act.config = actionConfig(pick(ACTION_TYPES), k);
            else if (which === 3) acts.splice(k, 1);
            else if (which === 4) acts.splice(k, 0, action(100 + e, pick(ACTION_TYPES)));
            else if (which === 5) acts.push(acts.shift()!);
            else if (which === 6) act.order = act.order + 10;
            else {
              const keys = Object.keys(act.config);
              const key = pick(keys);
              act.config[key] =
                typeof act.config[key] === 'number' ? act.config[key] * 2 : `${String(act.config[key])}!`;
            }
          }
          if (rand() < 0.3) w.tags.push(pick(['eu', 'us', 'beta', 'sales']));
          if (rand() < 0.3) w.updated_at = new Date(w.updated_at.getTime() + 86_400_000);
        },
        base,
      ),
    );
  }
}

// --- BSON types outside workflow data --------------------------------------
const oid1 = new ObjectId('65a000000000000000000001');
const oid2 = new ObjectId('65a0000000000000000000ff');
add(
  pair('objectid changed', oid1, oid2),
  pair('objectid in list changed', [oid1, 'x'], [oid2, 'x']),
  pair('int to objectid', 1, oid1),
  {
    name: 'objectid inside nested dict changed',
    a: { ref: { id: oid1, kind: 'user' } },
    b: { ref: { id: oid2, kind: 'user' } },
  },
  pair('decimal128 changed', Decimal128.fromString('1.5'), Decimal128.fromString('2.5')),
  pair('str to decimal128', '1.5', Decimal128.fromString('1.5')),
  pair('binary utf8 changed', new Binary(Buffer.from('abc')), new Binary(Buffer.from('abd'))),
  pair('binary non-utf8 changed', new Binary(Buffer.from([0xff, 0x00])), new Binary(Buffer.from([0xfe]))),
  pair('binary non-utf8 in list', [new Binary(Buffer.from([0xff, 0x00]))], [new Binary(Buffer.from([0xfe]))]),
  pair('binary subtype changed', new Binary(Buffer.from('abc'), 0), new Binary(Buffer.from('abc'), 5)),
  pair('binary subtype 5 changed', new Binary(Buffer.from('abc'), 5), new Binary(Buffer.from('xyz'), 5)),
  pair('regex changed', new BSONRegExp('^a.*', 'i'), new BSONRegExp('^b.*', 'im')),
  pair('regex type change', 1, new BSONRegExp('^a', '')),
  pair('minkey vs maxkey', new MinKey(), new MaxKey()),
  pair('minkey unchanged', new MinKey(), new MinKey()),
  pair('timestamp changed', new Timestamp({ t: 1, i: 2 }), new Timestamp({ t: 1, i: 3 })),
  pair('int to timestamp', 0, new Timestamp({ t: 1700000000, i: 7 })),
  pair('code changed', new Code('x = 1'), new Code('x = 2')),
  pair('code scope changed', new Code('x', { a: 1 }), new Code('x', { a: 2 })),
  pair(
    'code multiline changed',
    new Code('function f() {\n  return 1;\n}'),
    new Code('function f() {\n  return 2;\n}'),
  ),
  pair('codes in list', [new Code('x', { a: 1 }), new Code('y')], [new Code('x', { a: 2 }), new Code('z')]),
  pair('str to code', 'x = 1', new Code('x = 1')),
  pair('symbol vs str', new BSONSymbol('abc'), 'abd'),
  pair('dbref changed', new DBRef('users', oid1), new DBRef('users', oid2)),
  pair('int to dbref', 1, new DBRef('users', oid1, 'app')),
);

function line(c: Case): string {
  const side = (v: Doc | string): string => (typeof v === 'string' ? v : BSON.EJSON.stringify(v, { relaxed: false }));
  return `{"name":${JSON.stringify(c.name)},"a":${side(c.a)},"b":${side(c.b)}}`;
}

// JS objects put integer-like keys first; these documents keep the order a database would.
add(
  {
    name: 'integer-like keys added',
    a: '{"b":{"$numberInt":"1"}}',
    b: '{"b":{"$numberInt":"1"},"z":{"$numberInt":"2"},"5":{"$numberInt":"3"}}',
  },
  {
    name: 'integer-like keys in a stored value',
    a: '{"v":{"x":{"$numberInt":"1"},"y":{"$numberInt":"1"}}}',
    b: '{"v":{"z":{"$numberInt":"1"},"7":{"$numberInt":"2"}}}',
  },
);

const names = new Set<string>();
for (const c of cases) {
  if (names.has(c.name)) throw new Error(`duplicate case name: ${c.name}`);
  names.add(c.name);
}
process.stdout.write(`[\n${cases.map(line).join(',\n')}\n]\n`);
