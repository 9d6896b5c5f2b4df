/**
 * A series no one can shorten, reorder or splice (issue 21): a 10-file signed
 * series where any file missing, two consecutive ones, a renamed, replaced or
 * foreign file and a cut-short last file are each named, exit 1; the last
 * three deleted are seen against the auditor's trusted head, which moves only
 * when the series grew; and docs/audit.md's openssl + sha256sum recipe, run
 * exactly as written, checks the signatures and the files' hashes.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markedBlock } from '../../docs/recipes.js';
import { insertAudit, makeAuditDocs } from '../../support/audit-fixtures.js';
import { runCli } from '../../support/cli.js';
import { useTestDatabase } from '../../support/db.js';

const db = useTestDatabase('audit_series_sign');
const dir = mkdtempSync(join(tmpdir(), 'wfctl-audit-series-'));
const env = () => ({ ...db.env, WFCTL_EXPORT_HMAC_KEY: '', WFCTL_EXPORT_SIGNING_KEY_FILE: '' });
const keys = join(dir, 'keys');
const priv = join(keys, 'audit-signing-key.pem');
const pub = join(keys, 'audit-signing-key.pub.pem');
const start = new Date('2025-07-01T00:00:00Z');
const hour = (i: number) => new Date(start.getTime() + i * 3_600_000).toISOString();
const name = (i: number) => `part-${String(i).padStart(2, '0')}.ndjson`;
const series = join(dir, 'series');
const other = join(dir, 'other');
const files = Array.from({ length: 10 }, (_, i) => join(series, name(i + 1)));
let sid = '';

/** An export file with its manifest and signature, copied under `to` (another name, or another folder). */
function copyExport(from: string, to: string): void {
  copyFileSync(from, to);
  copyFileSync(`${from}.manifest.json`, `${to}.manifest.json`);
  if (existsSync(`${from}.manifest.json.sig`)) copyFileSync(`${from}.manifest.json.sig`, `${to}.manifest.json.sig`);
}

/** A scratch folder holding copies of the series' files `which` (1-based). */
function scratch(label: string, which: number[]): string[] {
  const d = join(dir, label);
  mkdirSync(d);
  return which.map((i) => {
    const to = join(d, name(i));
    copyExport(files[i - 1]!, to);
    return to;
  });
}

const verify = (args: string[]) => runCli(['audit', 'verify', ...args], { env: env() });

async function runSeries(folder: string, ckpt: string, runs: number): Promise<void> {
  mkdirSync(folder, { recursive: true });
  for (let i = 1; i <= runs; i++) {
    const r = await runCli(
      ['audit', 'export', '--checkpoint', ckpt, '--until', hour(i), '--sign-key', priv, '-o', join(folder, name(i))],
      { env: env() },
    );
    expect(r.code, r.stderr).toBe(0);
  }
}

beforeAll(async () => {
  expect((await runCli(['audit', 'keygen', '--out', keys], { env: env() })).code).toBe(0);
  await insertAudit(db.ds, makeAuditDocs(33, start, 20 * 60_000));
  await runSeries(series, join(dir, 'series.ckpt'), 10);
  await runSeries(other, join(dir, 'other.ckpt'), 5);
  sid = JSON.parse(readFileSync(`${files[0]}.manifest.json`, 'utf8')).series.id.slice(0, 8);
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a 10-file series', () => {
  it('links each manifest to the one before (its hash) and counts the series records', async () => {
    const ms = files.map((f) => JSON.parse(readFileSync(`${f}.manifest.json`, 'utf8')));
    let total = 0;
    for (let i = 0; i < 10; i++) {
      total += ms[i].records;
      expect(ms[i].series.index).toBe(i + 1);
      expect(ms[i].series.totalRecords).toBe(total);
      if (i > 0) {
        const prevBytes = readFileSync(`${files[i - 1]}.manifest.json`);
        const sha = execFileSync('sha256sum', { input: prevBytes, encoding: 'utf8' }).slice(0, 64);
        expect(ms[i].series.previous.manifestSha256).toBe(sha);
      }
    }
    expect(total).toBe(30);
    const r = await verify(['--require-signature', '--trusted-key', pub, ...files]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it('any one file missing is named; the first one is said (it starts earlier)', async () => {
    for (let k = 2; k <= 9; k++) {
      const r = await verify(files.filter((_, i) => i !== k - 1));
      expect(r.code, `without ${k}`).toBe(1);
      expect(r.stderr).toContain(`export ${k} of series ${sid} missing: gap between ${name(k - 1)} and ${name(k + 1)}`);
    }
    const first = await verify(files.slice(1));
    expect(first.stdout).toContain(`series ${sid}: exports 2-10, it starts earlier (export 1 was not given)`);
    const strict = await verify(['--from-start', ...files.slice(1)]);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain(`export 1 of series ${sid} missing: the files start at export 2 (--from-start)`);
    expect((await verify(['--from-start', ...files])).code).toBe(0);
  });

  it('two consecutive files missing', async () => {
    const r = await verify(files.filter((_, i) => i !== 3 && i !== 4));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`exports 4-5 of series ${sid} missing: gap between ${name(3)} and ${name(6)}`);
  });

  it('two files swapped by name (reordered)', async () => {
    const [a, b] = scratch('swap', [3, 4]);
    const tmp = `${a}.x`;
    copyExport(a!, tmp);
    copyExport(b!, a!);
    copyExport(tmp, b!);
    rmSync(tmp);
    rmSync(`${tmp}.manifest.json`);
    rmSync(`${tmp}.manifest.json.sig`);
    const r = await verify([...files.slice(0, 2), a!, b!, ...files.slice(4)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `${name(3)} holds export 4 of series ${sid}, which its manifest names ${name(4)}: renamed or reordered`,
    );
  });

  it('a file of another series in the place of one', async () => {
    const [five] = scratch('foreign', [5]);
    copyExport(join(other, name(5)), five!);
    const r = await verify([...files.slice(0, 4), five!, ...files.slice(5)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      new RegExp(
        `export 5 of series ${sid} missing: gap between ${name(4)} and ${name(6)} \\(${name(5)} is of series [0-9a-f]{8}\\)`,
      ),
    );
  });

  it('a file replaced (records edited, hashes recomputed, unsigned): the next one no longer links to it', async () => {
    const [five] = scratch('replaced', [5]);
    const py = `
import hashlib, json, re, sys
f = sys.argv[1]
lines = open(f, encoding='utf-8').read().split('\\n')[:-1]
m = json.load(open(f + '.manifest.json'))
prev = m['chain']['genesis']
out = []
for i, line in enumerate(lines):
    if i == 0:
        line = re.sub(r'"event_type":"[a-z_]+"', '"event_type":"workflow_updated"', line, count=1)
    k = re.search(r',"_chain":"[0-9a-f]{64}"}$', line)
    canonical = line[:k.start()] + '}'
    prev = hashlib.sha256((prev + '\\n' + canonical).encode()).hexdigest()
    out.append(canonical[:-1] + ',"_chain":"' + prev + '"}')
data = ('\\n'.join(out) + '\\n').encode()
open(f, 'wb').write(data)
m['sha256'] = hashlib.sha256(data).hexdigest()
m['bytes'] = len(data)
m['chain']['head'] = prev
m.pop('signing', None)
open(f + '.manifest.json', 'w').write(json.dumps(m, indent=2) + '\\n')
`;
    execFileSync('python3', ['-c', py, five!]);
    const r = await verify([...files.slice(0, 4), five!, ...files.slice(5)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`export 6 of series ${sid} (${name(6)}) does not link to ${name(5)}`);
  });

  it('a cut-short last file is named', async () => {
    const [ten] = scratch('cut', [10]);
    const text = readFileSync(ten!, 'utf8');
    writeFileSync(ten!, text.slice(0, text.lastIndexOf('\n', text.length - 2) + 1));
    const r = await verify([...files.slice(0, 9), ten!]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(
        `^wfctl: verification failed \\(1 of 10 files\\): export 10 of series ${sid} \\(${name(10)}\\): .*removed from the end`,
      ),
    );
  });

  it('files 3-5 say exactly what they prove', async () => {
    const r = await verify(files.slice(2, 5));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`series ${sid}: exports 3-5, it starts earlier (exports 1-2 were not given)`);
    expect(r.stdout).toContain('exports after 5, if the series continues, were not given');
  });
});

describe('--trusted-head: the auditor nightly', () => {
  it('starts the head, proves growth, and sees the last three files deleted or the head replaced', async () => {
    const state = join(dir, 'head.json');
    const first = await verify(['--trusted-key', pub, '--trusted-head', state, ...files.slice(0, 8)]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`trusted head: ${state} started at export 8 of series ${sid}`);
    const head = JSON.parse(readFileSync(state, 'utf8'));
    expect(head).toMatchObject({ format: 'wfctl-audit-trusted-head', index: 8, file: name(8), totalRecords: 24 });

    const grown = await verify(['--trusted-head', state, ...files]);
    expect(grown.code, grown.stderr).toBe(0);
    expect(grown.stdout).toContain(`trusted head: the series grew from export 8 to export 10; ${state} moved`);
    expect(JSON.parse(readFileSync(state, 'utf8')).index).toBe(10);
    const atTen = readFileSync(state, 'utf8');

    // the last three deleted: the files alone pass (a shorter series), the head does not
    const cut = files.slice(0, 7);
    expect((await verify(cut)).code).toBe(0);
    const r = await verify(['--trusted-head', state, ...cut]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `export 10 of series ${sid} missing: the trusted head is export 10 (${name(10)}), the files end at export 7; the series was cut back`,
    );
    expect(readFileSync(state, 'utf8')).toBe(atTen);

    // the head's export replaced (unsigned files: anyone could rewrite its manifest)
    const [ten] = scratch('head-replaced', [10]);
    const m = JSON.parse(readFileSync(`${ten}.manifest.json`, 'utf8'));
    m.createdAt = '2030-01-01T00:00:00.000Z';
    writeFileSync(`${ten}.manifest.json`, `${JSON.stringify(m, null, 2)}\n`);
    const replaced = await verify(['--trusted-head', state, ...files.slice(0, 9), ten!]);
    expect(replaced.code).toBe(1);
    expect(replaced.stdout).toContain(`export 10 of series ${sid} (${name(10)}) differs from the trusted head`);
    // another series' files against this head
    const foreign = await verify(['--trusted-head', state, ...files, join(other, name(5))]);
    expect(foreign.code).toBe(1);
    expect(foreign.stdout).toMatch(new RegExp(`${name(5)} is export 5 of series [0-9a-f]{8}, not of series ${sid}`));
    expect(readFileSync(state, 'utf8')).toBe(atTen);
    // a head file that is not one is exit 2
    const junk = join(dir, 'junk-head.json');
    writeFileSync(junk, '{"format":"x"}');
    expect((await verify(['--trusted-head', junk, ...files])).code).toBe(2);
  });
});

describe("docs/audit.md's openssl recipe (no Node)", () => {
  const recipe = markedBlock('docs/audit.md', 'recipe: verify-openssl');
  const run = (cwd: string) => spawnSync('bash', ['-c', recipe], { cwd, encoding: 'utf8' });

  it('passes on the signed series, and fails on an altered file or manifest', () => {
    const d = join(dir, 'recipe');
    mkdirSync(d);
    for (const f of files) copyExport(f, join(d, basename(f)));
    copyFileSync(pub, join(d, 'audit-signing-key.pub.pem'));
    const ok = run(d);
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout.trim().split('\n')).toHaveLength(10);
    expect(ok.stdout).toMatch(/^ok part-01\.ndjson \(signed by key [0-9a-f]{16}\)$/m);

    const four = join(d, name(4));
    const text = readFileSync(four, 'utf8');
    writeFileSync(four, text.replace('"event_type":"', '"event_type":"x'));
    const badFile = run(d);
    expect(badFile.status).toBe(1);
    expect(badFile.stdout).toContain(`${name(4)}: SHA-256 differs from its manifest`);
    writeFileSync(four, text);

    const m = `${four}.manifest.json`;
    const mText = readFileSync(m, 'utf8');
    writeFileSync(m, mText.replace('"records": ', '"records": 1'));
    const badManifest = run(d);
    expect(badManifest.status).toBe(1);
    expect(badManifest.stdout).toContain(`${name(4)}.manifest.json: bad signature`);
    writeFileSync(m, mText);
    expect(run(d).status).toBe(0);
  });
});
