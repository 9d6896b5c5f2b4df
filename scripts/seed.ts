/**
 * npm run seed -- --uri <uri> [--db name] [--workflows N] [--days N] [--scale N] [--executions N] [--seed S] [--drop]
 * Fills a database with the realistic, deterministic data set of test/support/generator.ts.
 */
import { parseArgs } from 'node:util';
import { connect } from '../src/data/core/index.js';
import { applyIndexes } from '../src/data/db/index.js';
import { generateDataset } from '../test/support/generator.js';

const { values } = parseArgs({
  options: {
    uri: { type: 'string', default: process.env.WFCTL_MONGODB_URI ?? 'mongodb://127.0.0.1:27017' },
    db: { type: 'string', default: process.env.WFCTL_DB ?? 'workflows' },
    workflows: { type: 'string', default: '12' },
    days: { type: 'string', default: '30' },
    scale: { type: 'string', default: '1' },
    executions: { type: 'string' },
    seed: { type: 'string', default: '42' },
    drop: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  process.stdout.write(
    'npm run seed -- --uri <uri> [--db name] [--workflows 12] [--days 30] [--scale 1] [--executions N] [--seed 42] [--drop]\n',
  );
  process.exit(0);
}

const num = (name: string, v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) {
    process.stderr.write(`seed: --${name} must be a positive number, got "${v}"\n`);
    process.exit(2);
  }
  return n;
};

const ds = await connect({ uri: values.uri!, dbName: values.db!, timeoutMs: 10_000 });
try {
  if (values.drop) await ds.db.dropDatabase();
  await applyIndexes(ds);
  const executions = num('executions', values.executions);
  const summary = await generateDataset(ds, {
    workflows: num('workflows', values.workflows)!,
    days: num('days', values.days)!,
    scale: num('scale', values.scale)!,
    seed: num('seed', values.seed)!,
    ...(executions ? { executions } : {}),
    onProgress: (m) => process.stderr.write(`seed: ${m}\n`),
  });
  process.stdout.write(
    `seeded ${values.db}: ${summary.workflows} workflows, ${summary.versions} versions, ${summary.executions} executions, ` +
      `${summary.attempts} attempts, ${summary.audit} audit events in ${summary.seconds}s\n`,
  );
} finally {
  await ds.close();
}
