/**
 * npm run bench [-- <name filter> [--flag value ...]]: runs every bench/*.bench.ts
 * in turn, each in its own process, passing the flags on.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';

const dir = resolve(import.meta.dirname);
const args = process.argv.slice(2);
const filter = args[0] && !args[0].startsWith('--') ? args.shift() : undefined;
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter)))
  .sort((a, b) => (a === 'startup.bench.ts' ? -1 : b === 'startup.bench.ts' ? 1 : a.localeCompare(b)));
let failed = 0;
for (const f of files) {
  process.stdout.write(`\n# ${f}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', resolve(dir, f), ...args], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    process.stdout.write(`(${f} exited with ${r.status})\n`);
  }
}
process.exit(failed ? 1 : 0);
