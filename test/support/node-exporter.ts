/**
 * The metrics node_exporter's textfile collector serves for a folder: its own
 * binary (Debian's prometheus-node-exporter), on a loopback port, only that
 * collector, scraped once and stopped. An independent reader of wfctl's
 * Prometheus files.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { freePort } from './ferretdb.js';

export async function scrapeTextfiles(dir: string): Promise<{ text: string; stderr: string }> {
  const bin = ['/usr/bin/prometheus-node-exporter', '/usr/bin/node_exporter'].find((b) => existsSync(b));
  if (!bin)
    throw new Error('node_exporter is not installed: apt-get install prometheus-node-exporter (.ci/run installs it)');
  const port = await freePort();
  const child = spawn(
    bin,
    [
      '--collector.disable-defaults',
      '--collector.textfile',
      `--collector.textfile.directory=${dir}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  try {
    for (let i = 0; i < 100; i++, await sleep(100)) {
      const res = await fetch(`http://127.0.0.1:${port}/metrics`).catch(() => null); // null: not listening yet
      if (!res?.ok) continue;
      const text = await res.text();
      await sleep(300); // the collector logs a duplicate series as it gathers: give the log a moment
      return { text, stderr };
    }
    throw new Error(`node_exporter did not answer on 127.0.0.1:${port}: ${stderr}`);
  } finally {
    child.kill('SIGTERM');
  }
}
