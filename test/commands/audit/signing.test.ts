/**
 * Signed exports (issue 21): audit keygen, audit export --sign-key, audit
 * verify --trusted-key / --require-signature, each checked against openssl
 * (the key id, the detached signature), the forgery of the issue done in
 * Python (independent of wfctl's code), key rotation, a series signed one way,
 * and the private key in no output, manifest, signature or audit record.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAudit, makeAuditDocs } from '../../support/audit-fixtures.js';
import { ROOT, runCli } from '../../support/cli.js';
import { useTestDatabase } from '../../support/db.js';

const db = useTestDatabase('audit_signing');
const dir = mkdtempSync(join(tmpdir(), 'wfctl-audit-signing-'));
const env = () => ({ ...db.env, WFCTL_EXPORT_HMAC_KEY: '', WFCTL_EXPORT_SIGNING_KEY_FILE: '' });
const keyA = join(dir, 'key-a');
const keyB = join(dir, 'key-b');
const priv = (k: string) => join(k, 'audit-signing-key.pem');
const pub = (k: string) => join(k, 'audit-signing-key.pub.pem');
/** The base64 body of a PEM, the part that must appear nowhere */
const pemBody = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('-----'))
    .join('');

/** The key id as an outsider computes it: openssl and sha256sum. */
function opensslKeyId(pubPath: string): string {
  return execFileSync('sh', ['-c', `openssl pkey -pubin -in "${pubPath}" -outform DER | sha256sum | cut -c1-16`], {
    encoding: 'utf8',
  }).trim();
}

function opensslVerify(pubPath: string, manifest: string, sig: string): boolean {
  const r = spawnSync('openssl', [
    'pkeyutl',
    '-verify',
    '-pubin',
    '-inkey',
    pubPath,
    '-rawin',
    '-in',
    manifest,
    '-sigfile',
    sig,
  ]);
  return r.status === 0;
}

let keyIdA = '';
let keyIdB = '';
let keygenOutput = '';
const start = new Date('2025-06-01T00:00:00Z');
const hour = (i: number) => new Date(start.getTime() + i * 3_600_000).toISOString();

beforeAll(async () => {
  await insertAudit(db.ds, makeAuditDocs(60, start, 60_000));
  const a = await runCli(['audit', 'keygen', '--out', keyA], { env: env() });
  expect(a.code, a.stderr).toBe(0);
  keyIdA = /key id ([0-9a-f]{16})/.exec(a.stdout)![1]!;
  keygenOutput = a.stdout + a.stderr;
  const b = await runCli(['audit', 'keygen', '--out', keyB, '--json'], { env: env() });
  expect(b.code, b.stderr).toBe(0);
  keyIdB = JSON.parse(b.stdout).keyId;
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function exportSigned(name: string, extra: string[] = [], e: Record<string, string> = {}) {
  const out = join(dir, name);
  const r = await runCli(['audit', 'export', '--until', hour(1), '-o', out, ...extra], { env: { ...env(), ...e } });
  return { out, r };
}

describe('audit keygen', () => {
  it('writes the pair (private 0600, public 0644); the key id is what openssl computes', () => {
    expect(statSync(priv(keyA)).mode & 0o777).toBe(0o600);
    expect(statSync(pub(keyA)).mode & 0o777).toBe(0o644);
    expect(readFileSync(priv(keyA), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(readFileSync(pub(keyA), 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(keyIdA).toBe(opensslKeyId(pub(keyA)));
    expect(keyIdB).toBe(opensslKeyId(pub(keyB)));
    expect(keyIdA).not.toBe(keyIdB);
    expect(keygenOutput).toBe(
      `key id ${keyIdA}\n  private key: ${priv(keyA)} (mode 600; for audit export --sign-key, keep it secret)\n  public key:  ${pub(keyA)} (for auditors: audit verify --trusted-key)\n`,
    );
  });

  it('refuses an existing key (exit 2) and leaves it as it was', async () => {
    const before = readFileSync(priv(keyA), 'utf8');
    const r = await runCli(['audit', 'keygen', '--out', keyA], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/audit-signing-key\.pem" exists; audit keygen never replaces a key/);
    expect(readFileSync(priv(keyA), 'utf8')).toBe(before);
    const file = join(dir, 'not-a-folder');
    writeFileSync(file, 'x');
    expect((await runCli(['audit', 'keygen', '--out', file], { env: env() })).code).toBe(2);
  });
});

describe('audit export --sign-key', () => {
  it('signs the manifest: it names the algorithm and key id; openssl verifies MANIFEST.sig over its bytes', async () => {
    const { out, r } = await exportSigned('one.ndjson', ['--sign-key', priv(keyA)]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`^Exported \\d+ records to .*, signed by key ${keyIdA}\\)\\.$`, 'm'));
    const m = JSON.parse(readFileSync(`${out}.manifest.json`, 'utf8'));
    expect(m.signing).toEqual({ algorithm: 'ed25519', keyId: keyIdA, signatureFile: 'one.ndjson.manifest.json.sig' });
    expect(readFileSync(`${out}.manifest.json.sig`).length).toBe(64);
    expect(opensslVerify(pub(keyA), `${out}.manifest.json`, `${out}.manifest.json.sig`)).toBe(true);
    expect(opensslVerify(pub(keyB), `${out}.manifest.json`, `${out}.manifest.json.sig`)).toBe(false);
    // the private key is in no output, manifest, signature or audit record
    const body = pemBody(priv(keyA));
    for (const text of [
      r.stdout,
      r.stderr,
      readFileSync(`${out}.manifest.json`, 'utf8'),
      readFileSync(`${out}.manifest.json.sig`, 'latin1'),
      readFileSync(out, 'utf8'),
      JSON.stringify(await db.ds.audit.find({ event_type: 'audit_exported' }).toArray()),
    ]) {
      expect(text).not.toContain(body);
      expect(text).not.toContain(body.slice(0, 40));
    }
  });

  it('WFCTL_EXPORT_SIGNING_KEY_FILE signs as --sign-key does', async () => {
    const { out, r } = await exportSigned('env.ndjson', [], { WFCTL_EXPORT_SIGNING_KEY_FILE: priv(keyB) });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(`${out}.manifest.json`, 'utf8')).signing.keyId).toBe(keyIdB);
  });

  it('a private key others can read is refused as ssh refuses it, with the chmod; nothing written', async () => {
    const loose = join(dir, 'loose.pem');
    copyFileSync(priv(keyA), loose);
    chmodSync(loose, 0o644);
    const { out, r } = await exportSigned('loose.ndjson', ['--sign-key', loose]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `wfctl: --sign-key "${loose}" is a private key that other users can read (mode 0644); it is not used\nhint: chmod 600 "${loose}"\n`,
    );
    expect(existsSync(out)).toBe(false);
    expect(r.stderr + r.stdout).not.toContain(pemBody(priv(keyA)).slice(0, 40));
  });

  it('bad keys: a public key, not a key, missing, and HMAC with --sign-key, are exit 2 without their content', async () => {
    const junk = join(dir, 'junk.pem');
    writeFileSync(junk, 'not a key at all: s3cr3t-looking-text\n', { mode: 0o600 });
    for (const [key, message] of [
      [pub(keyA), /is not a PEM private key/],
      [junk, /is not a PEM private key/],
      [join(dir, 'nope.pem'), /does not exist/],
    ] as const) {
      const { r } = await exportSigned('bad.ndjson', ['--sign-key', key]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toContain('s3cr3t');
    }
    const both = await exportSigned('both.ndjson', ['--sign-key', priv(keyA)], { WFCTL_EXPORT_HMAC_KEY: 'k' });
    expect(both.r.code).toBe(2);
    expect(both.r.stderr).toContain('WFCTL_EXPORT_HMAC_KEY and --sign-key are both set');
    const noOut = await runCli(['audit', 'export', '--sign-key', priv(keyA)], { env: env() });
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain('--sign-key signs the manifest, which is written with --output only');
  });
});

describe('audit verify: the level in words, and --require-signature', () => {
  let signed = '';
  let unsigned = '';
  let hmac = '';
  beforeAll(async () => {
    signed = (await exportSigned('v-signed.ndjson', ['--sign-key', priv(keyA)])).out;
    unsigned = (await exportSigned('v-unsigned.ndjson')).out;
    hmac = (await exportSigned('v-hmac.ndjson', [], { WFCTL_EXPORT_HMAC_KEY: 'shared' })).out;
  }, 60_000);

  it('states the level: trusted, not checked, not trusted, HMAC, unsigned', async () => {
    const trusted = await runCli(['audit', 'verify', signed, '--trusted-key', pub(keyA)], { env: env() });
    expect(trusted.code, trusted.stdout).toBe(0);
    expect(trusted.stdout).toContain(`signed by key ${keyIdA} (trusted)`);
    const none = await runCli(['audit', 'verify', signed], { env: env() });
    expect(none.code).toBe(0);
    expect(none.stdout).toContain(`signed by key ${keyIdA} (not checked: no --trusted-key given)`);
    const other = await runCli(['audit', 'verify', signed, '--trusted-key', pub(keyB)], { env: env() });
    expect(other.stdout).toContain(`signed by key ${keyIdA} (not trusted: not a --trusted-key)`);
    const h = await runCli(['audit', 'verify', hmac], { env: { ...env(), WFCTL_EXPORT_HMAC_KEY: 'shared' } });
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('HMAC with the shared key');
    const u = await runCli(['audit', 'verify', unsigned], { env: env() });
    expect(u.stdout).toMatch(/unsigned: integrity only\n +\(anyone who can write the files can recompute the chain\)/);
  });

  it('--require-signature: unsigned, HMAC, an unknown key, a bad signature are exit 1, one line naming the file', async () => {
    const req = (file: string, key: string) =>
      runCli(['audit', 'verify', '--require-signature', '--trusted-key', key, file], {
        env: { ...env(), WFCTL_EXPORT_HMAC_KEY: 'shared' },
      });
    expect((await req(signed, pub(keyA))).code).toBe(0);
    const cases: Array<[string, string, RegExp]> = [
      [unsigned, pub(keyA), /v-unsigned\.ndjson\.manifest\.json is unsigned \(--require-signature\)/],
      [hmac, pub(keyA), /v-hmac\.ndjson\.manifest\.json has an HMAC only/],
      [
        signed,
        pub(keyB),
        new RegExp(`v-signed\\.ndjson\\.manifest\\.json is signed by key ${keyIdA}, which is not a --trusted-key`),
      ],
    ];
    for (const [file, key, line] of cases) {
      const r = await req(file, key);
      expect(r.code, r.stdout).toBe(1);
      expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
      expect(r.stderr).toMatch(line);
    }
    // a signature that does not match: exit 1 with or without --require-signature
    const m = `${signed}.manifest.json`;
    const text = readFileSync(m, 'utf8');
    writeFileSync(m, text.replace('"tool": "', '"tool": "x'));
    try {
      const bad = await runCli(['audit', 'verify', '--trusted-key', pub(keyA), signed], { env: env() });
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/v-signed\.ndjson\.manifest\.json: the signature .* does not match under key/);
      rmSync(`${m}.sig`);
      const gone = await runCli(['audit', 'verify', '--trusted-key', pub(keyA), signed], { env: env() });
      expect(gone.code).toBe(1);
      expect(gone.stderr).toContain('which is missing: the signature was removed');
    } finally {
      writeFileSync(m, text);
      await exportSigned('v-signed.ndjson', ['--sign-key', priv(keyA)]);
    }
  });

  it('--require-signature needs --trusted-key (exit 2); a private key as --trusted-key is refused', async () => {
    const r = await runCli(['audit', 'verify', '--require-signature', signed], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--require-signature needs --trusted-key');
    const p = await runCli(['audit', 'verify', '--trusted-key', priv(keyA), signed], { env: env() });
    expect(p.code).toBe(2);
    expect(p.stderr).toContain('holds a private key; an auditor needs only the public key');
    expect(p.stderr).not.toContain(pemBody(priv(keyA)).slice(0, 40));
    const empty = join(dir, 'no-keys');
    mkdirSync(empty);
    const e = await runCli(['audit', 'verify', '--trusted-key', empty, signed], { env: env() });
    expect(e.code).toBe(2);
    expect(e.stderr).toContain('is a folder without .pem files');
  });

  it("the issue's forgery, done in Python: exit 1 under --require-signature, reported unsigned without it", async () => {
    const f = join(dir, 'forged.ndjson');
    copyFileSync(signed, f);
    copyFileSync(`${signed}.manifest.json`, `${f}.manifest.json`);
    const m = JSON.parse(readFileSync(`${f}.manifest.json`, 'utf8'));
    m.file = 'forged.ndjson';
    writeFileSync(`${f}.manifest.json`, JSON.stringify(m, null, 2) + '\n');
    const py = `
import hashlib, json, re, sys
f = sys.argv[1]
lines = open(f, encoding='utf-8').read().split('\\n')[:-1]
m = json.load(open(f + '.manifest.json'))
prev = m['chain']['genesis']
out = []
edited = False
for line in lines:
    if not edited and '"workflow_executed"' in line:
        line = line.replace('"workflow_executed"', '"workflow_updated"', 1)
        edited = True
    k = re.search(r',"_chain":"[0-9a-f]{64}"}$', line)
    canonical = line[:k.start()] + '}'
    prev = hashlib.sha256((prev + '\\n' + canonical).encode()).hexdigest()
    out.append(canonical[:-1] + ',"_chain":"' + prev + '"}')
assert edited
data = ('\\n'.join(out) + '\\n').encode()
open(f, 'wb').write(data)
m['sha256'] = hashlib.sha256(data).hexdigest()
m['bytes'] = len(data)
m['chain']['head'] = prev
m.pop('signing', None)
open(f + '.manifest.json', 'w').write(json.dumps(m, indent=2) + '\\n')
`;
    execFileSync('python3', ['-c', py, f]);
    expect(readFileSync(f, 'utf8')).not.toBe(readFileSync(signed, 'utf8'));
    const plain = await runCli(['audit', 'verify', f], { env: env() });
    expect(plain.code, plain.stdout).toBe(0);
    expect(plain.stdout).toMatch(
      /unsigned: integrity only\n +\(anyone who can write the files can recompute the chain\)/,
    );
    const req = await runCli(['audit', 'verify', '--require-signature', '--trusted-key', pub(keyA), f], { env: env() });
    expect(req.code).toBe(1);
    expect(req.stderr).toBe(
      'wfctl: verification failed (1 of 1 file): forged.ndjson.manifest.json is unsigned (--require-signature)\n',
    );
  });
});

describe('a signed series', () => {
  it('survives rotation to a second key: both keys trusted (a folder of them) verify it; one key alone does not', async () => {
    const ckpt = join(dir, 'rot.ckpt');
    const files: string[] = [];
    for (let i = 0; i < 4; i++) {
      const out = join(dir, `rot-${i + 1}.ndjson`);
      const key = i < 2 ? priv(keyA) : priv(keyB);
      const r = await runCli(
        ['audit', 'export', '--checkpoint', ckpt, '--until', hour(0.25 * (i + 1)), '--sign-key', key, '-o', out],
        {
          env: env(),
        },
      );
      expect(r.code, r.stderr).toBe(0);
      files.push(out);
    }
    const trust = join(dir, 'trusted-keys');
    mkdirSync(trust);
    copyFileSync(pub(keyA), join(trust, 'a.pem'));
    copyFileSync(pub(keyB), join(trust, 'b.pem'));
    const both = await runCli(['audit', 'verify', '--require-signature', '--trusted-key', trust, ...files], {
      env: env(),
    });
    expect(both.code, both.stdout + both.stderr).toBe(0);
    expect(both.stdout).toContain(`2 of the files: signed by key ${keyIdA} (trusted)`);
    expect(both.stdout).toContain(`2 of the files: signed by key ${keyIdB} (trusted)`);
    const repeated = await runCli(
      ['audit', 'verify', '--require-signature', '--trusted-key', pub(keyA), '--trusted-key', pub(keyB), ...files],
      { env: env() },
    );
    expect(repeated.code).toBe(0);
    const oneKey = await runCli(['audit', 'verify', '--require-signature', '--trusted-key', pub(keyA), ...files], {
      env: env(),
    });
    expect(oneKey.code).toBe(1);
    expect(oneKey.stderr).toContain(
      `rot-3.ndjson.manifest.json is signed by key ${keyIdB}, which is not a --trusted-key`,
    );
    // a signed series does not go on unsigned, nor with HMAC (exit 2, nothing written)
    const unsignedRun = await runCli(
      ['audit', 'export', '--checkpoint', ckpt, '--until', hour(1.5), '-o', join(dir, 'rot-5.ndjson')],
      {
        env: env(),
      },
    );
    expect(unsignedRun.code).toBe(2);
    expect(unsignedRun.stderr).toMatch(
      /series \S+ is signed with an Ed25519 key \(--sign-key\); this run would be unsigned/,
    );
    expect(existsSync(join(dir, 'rot-5.ndjson'))).toBe(false);
  });

  it('an HMAC series stays HMAC: --sign-key on it is exit 2; files mixing both are a clear error in verify', async () => {
    const ckpt = join(dir, 'hmac.ckpt');
    const h1 = join(dir, 'hmac-1.ndjson');
    const hkey = { WFCTL_EXPORT_HMAC_KEY: 'shared' };
    const r1 = await runCli(['audit', 'export', '--checkpoint', ckpt, '--until', hour(0.5), '-o', h1], {
      env: { ...env(), ...hkey },
    });
    expect(r1.code, r1.stderr).toBe(0);
    const r2 = await runCli(
      [
        'audit',
        'export',
        '--checkpoint',
        ckpt,
        '--until',
        hour(1),
        '--sign-key',
        priv(keyA),
        '-o',
        join(dir, 'hmac-2.ndjson'),
      ],
      { env: env() },
    );
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain(
      'is HMAC-signed with the shared key (WFCTL_EXPORT_HMAC_KEY); this run would be signed with an Ed25519 key',
    );
    // a checkpoint of an earlier wfctl does not say how it signs: verify finds the mix
    const c = JSON.parse(readFileSync(ckpt, 'utf8'));
    delete c.signing;
    delete c.checksum;
    const { createHash } = await import('node:crypto');
    writeFileSync(
      ckpt,
      JSON.stringify({ ...c, checksum: createHash('sha256').update(JSON.stringify(c)).digest('hex') }, null, 2),
    );
    const h2 = join(dir, 'hmac-2.ndjson');
    const r3 = await runCli(
      ['audit', 'export', '--checkpoint', ckpt, '--until', hour(1), '--sign-key', priv(keyA), '-o', h2],
      {
        env: env(),
      },
    );
    expect(r3.code, r3.stderr).toBe(0);
    const v = await runCli(['audit', 'verify', '--trusted-key', pub(keyA), h1, h2], { env: { ...env(), ...hkey } });
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/series [0-9a-f]{8} mixes signing methods \(HMAC: export 1; Ed25519: export 2\)/);
  });
});

describe('a signed run killed while placing its file', () => {
  /** One signed checkpointed export in a child process that kills itself (SIGKILL) right after `step`. */
  function killedAfter(step: string, ckpt: string, output: string, until: string): Promise<NodeJS.Signals | null> {
    const script = `
      const { connect } = await import(${JSON.stringify(join(ROOT, 'dist/data/core/index.js'))});
      const { exportAuditTrail, loadSigningKey } = await import(${JSON.stringify(join(ROOT, 'dist/data/audit/index.js'))});
      const [uri, dbName, ckpt, output, until, step, key] = process.argv.slice(1);
      const ds = await connect({ uri, dbName, timeoutMs: 10000 });
      await exportAuditTrail(ds, {
        filter: { until: new Date(until) }, format: 'ndjson', output, checkpoint: ckpt,
        actor: { user: 'crash-test', host: 'h', userAgent: 'wfctl/test' },
        signKey: await loadSigningKey(key),
        onCommitStep: (s) => { if (s === step) process.kill(process.pid, 'SIGKILL'); },
      });`;
    const child = spawn(
      process.execPath,
      ['--input-type=module', '-e', script, db.uri, db.dbName, ckpt, output, until, step, priv(keyA)],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    return new Promise((r) => child.on('exit', (_code, signal) => r(signal)));
  }

  for (const step of ['intent', 'placed'] as const) {
    it(`after "${step}": the next run places the manifest with its signature, which verifies`, async () => {
      const sub = join(dir, `killed-${step}`);
      mkdirSync(sub);
      const ckpt = join(sub, 's.ckpt');
      const f1 = join(sub, '1.ndjson');
      const f2 = join(sub, '2.ndjson');
      const f3 = join(sub, '3.ndjson');
      const sign = ['--sign-key', priv(keyA)];
      const r1 = await runCli(['audit', 'export', '--checkpoint', ckpt, '--until', hour(0.25), ...sign, '-o', f1], {
        env: env(),
      });
      expect(r1.code, r1.stderr).toBe(0);
      expect(await killedAfter(step, ckpt, f2, hour(0.5))).toBe('SIGKILL');
      expect(existsSync(`${f2}.manifest.json.sig`)).toBe(false);
      const r3 = await runCli(['audit', 'export', '--checkpoint', ckpt, '--until', hour(0.75), ...sign, '-o', f3], {
        env: env(),
      });
      expect(r3.code, r3.stderr).toBe(0);
      const v = await runCli(['audit', 'verify', '--require-signature', '--trusted-key', pub(keyA), f1, f2, f3], {
        env: env(),
      });
      expect(v.code, v.stdout + v.stderr).toBe(0);
      expect(opensslVerify(pub(keyA), `${f2}.manifest.json`, `${f2}.manifest.json.sig`)).toBe(true);
    });
  }
});
