/**
 * Engine 2's own lifecycle: it answers on loopback, and nothing of it is left
 * after stop() or after the process that started it dies without stopping it.
 * Run on the engine 2 pass of the suite (it starts servers of its own).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { selectedEngine } from './engines.js';
import { ROOT } from './ferretdb.js';
import { startEngine2 } from './ferretdb2.js';

/** Running (a zombie, which an orphan may be until it is reaped, counts as ended). */
const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

async function until(what: string, ok: () => boolean, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const postmasterPid = (dir: string) => Number(readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);

describe.runIf(selectedEngine() === 'ferretdb2')('engine 2 (FerretDB 2.5 on PostgreSQL)', () => {
  it('answers on 127.0.0.1; stop() ends FerretDB and PostgreSQL and removes the folder', async () => {
    const server = await startEngine2();
    const ferret = server.pid()!;
    const pg = postmasterPid(server.dataDir);
    expect(server.uri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
    const c = new MongoClient(server.uri, { serverSelectionTimeoutMS: 10_000 });
    try {
      await c.db('e2').collection('c').insertOne({ a: 1 });
      expect(await c.db('e2').collection('c').countDocuments()).toBe(1);
    } finally {
      await c.close();
    }
    await server.stop();
    expect([alive(ferret), alive(pg), existsSync(server.dataDir)]).toEqual([false, false, false]);
  });

  it('a run killed before it stops the engine leaves no process and no folder (the watchdog)', async () => {
    const starter = join(mkdtempSync(join(tmpdir(), 'wfctl-engine2-starter-')), 'start.mts');
    writeFileSync(
      starter,
      `import { startEngine2 } from ${JSON.stringify(join(ROOT, 'test/support/ferretdb2.ts'))};
      const s = await startEngine2();
      console.log(JSON.stringify({ dir: s.dataDir, ferret: s.pid(), self: process.pid }));
      setInterval(() => undefined, 1000);`,
    );
    const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), [starter], { stdio: ['ignore', 'pipe', 'inherit'] });
    const line = await new Promise<string>((done, fail) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) done(out.split('\n')[0]!);
      });
      child.once('exit', (code) => fail(new Error(`the starter exited with ${code} before it printed`)));
    });
    const { dir, ferret, self } = JSON.parse(line) as { dir: string; ferret: number; self: number };
    const pg = postmasterPid(dir);
    expect([alive(ferret), alive(pg)]).toEqual([true, true]);
    process.kill(self, 'SIGKILL'); // the node that started it (tsx runs it as a child of its own)
    await until('FerretDB, PostgreSQL and the folder gone', () => !alive(ferret) && !alive(pg) && !existsSync(dir));
    rmSync(dirname(starter), { recursive: true, force: true });
  });
});
