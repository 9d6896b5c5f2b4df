/**
 * npm run demo: a throwaway FerretDB full of realistic data, a short tour of
 * wfctl against it, and how to point wfctl at it for more.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { connect } from '../src/data/core/index.js';
import { applyIndexes } from '../src/data/db/index.js';
import { generateDataset } from '../test/support/generator.js';
import { startFerretDb } from '../test/support/ferretdb.js';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = resolve(ROOT, 'bin/wfctl.js');
const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[22m` : s);

const server = await startFerretDb();
const dbName = 'workflows';
const env = { ...process.env, WFCTL_MONGODB_URI: server.uri, WFCTL_DB: dbName, WFCTL_USER: 'demo-operator' };

process.stdout.write(`${bold('wfctl demo')}: FerretDB on ${server.uri} (data in ${server.dataDir})\n`);
const ds = await connect({ uri: server.uri, dbName, timeoutMs: 10_000 });
await applyIndexes(ds);
const summary = await generateDataset(ds, { workflows: 12, days: 30, seed: 42 });
// name a workflow the way people do: by a short, unique prefix of its ObjectId
const ids = (
  await ds.workflows.find({}).project<{ _id: { toHexString(): string }; name?: string }>({ _id: 1, name: 1 }).toArray()
).map((w) => ({ id: w._id.toHexString(), name: w.name }));
const invoice = ids.find((w) => w.name === 'Invoice sync')!.id;
let prefixLength = 7;
while (ids.some((w) => w.id !== invoice && w.id.startsWith(invoice.slice(0, prefixLength)))) prefixLength++;
const short = invoice.slice(0, prefixLength);
await ds.close();
process.stdout.write(
  `seeded: ${summary.workflows} workflows, ${summary.versions} versions, ${summary.executions} executions, ` +
    `${summary.attempts} action attempts, ${summary.audit} audit events (${summary.seconds}s)\n`,
);

const help = spawnSync(process.execPath, [BIN, '--help'], { env, encoding: 'utf8' }).stdout;
const has = (command: string) => new RegExp(`^  ${command}\\b`, 'm').test(help);

const tour: Array<[string, string[]]> = [
  ['workflows', ['workflows', 'list']],
  ['workflows', ['workflows', 'show', short]],
  ['versions', ['versions', 'list', short, '--limit', '5']],
  ['versions', ['versions', 'compare', short, 'current~1', 'current', '--format', 'summary']],
  ['rollback', ['rollback', short, '--to', 'current~1', '--reason', 'demo: undo the last change', '--dry-run']],
  ['audit', ['audit', 'list', '--limit', '8']],
  ['audit', ['audit', 'stats', '--days', '30']],
  ['stats', ['stats', 'errors', 'Customer onboarding', '--days', '30']],
  ['analytics', ['analytics', 'overview', '--days', '30']],
  ['check', ['check', 'success-rate', '--min', '90', '--window', '7d']],
  ['check', ['check', 'regression', '--min-runs', '10', '--insufficient-data', 'ok']],
  ['db', ['db', 'doctor']],
];

for (const [group, args] of tour) {
  if (!has(group)) continue;
  process.stdout.write(`\n${bold(`$ wfctl ${args.map((a) => (/\s/.test(a) ? `"${a}"` : a)).join(' ')}`)}\n`);
  const r = spawnSync(process.execPath, [BIN, ...args], {
    env: { ...env, FORCE_COLOR: process.stdout.isTTY ? '1' : '0' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) process.stdout.write(`(exit status ${r.status})\n`);
}

process.stdout.write(`
${bold('Try more against this database:')}
  export WFCTL_MONGODB_URI=${server.uri} WFCTL_DB=${dbName}
  npx wfctl --help
`);

if (process.stdin.isTTY) {
  process.stdout.write('\nThe database stays up until you press Ctrl-C.\n');
  await new Promise<void>((done) => process.once('SIGINT', () => done()));
}
await server.stop();
process.stdout.write('demo database stopped and removed\n');
