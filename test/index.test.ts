import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/cli.js';

/** Runs an ES module snippet with a resolve hook; returns its stdout and the packages it loaded. */
function runTracing(code: string): { stdout: string; packages: Set<string> } {
  const hooks = `data:text/javascript,${encodeURIComponent(
    'export async function resolve(s, c, next) { const r = await next(s, c); const m = /\\/node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(r.url); if (m) process.stderr.write("LOADED " + m[1] + "\\n"); return r; }',
  )}`;
  const r = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { register } from 'node:module'; register(${JSON.stringify(hooks)});\n${code}`,
    ],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  const packages = new Set([...r.stderr.matchAll(/^LOADED (.+)$/gm)].map((m) => m[1]!));
  return { stdout: r.stdout, packages };
}

describe('wfctl as a library and a package', () => {
  it("import 'wfctl' loads the data layer and the driver, not commander, chalk, ora or inquirer", () => {
    const { stdout, packages } = runTracing(
      "const m = await import('wfctl'); console.log(typeof m.connect, typeof m.resolveWorkflow);",
    );
    expect(stdout.trim()).toBe('function function');
    expect(packages).toContain('mongodb');
    for (const heavy of ['commander', 'chalk', 'ora', '@inquirer/prompts', 'cli-table3'])
      expect(packages, heavy).not.toContain(heavy);
  });

  it('wfctl --help loads commander only: no driver, no chalk, no tables, no prompts', () => {
    const { stdout, packages } = runTracing(
      "process.argv = [process.argv[0], 'wfctl', '--help']; await import('./bin/wfctl.js');",
    );
    expect(stdout).toContain('Usage: wfctl');
    expect(packages).toContain('commander');
    for (const heavy of ['mongodb', 'chalk', 'ora', '@inquirer/prompts', 'cli-table3', 'diff'])
      expect(packages, heavy).not.toContain(heavy);
  });

  it('yaml is read only when there is a configuration file; CSV and table writers only when used', () => {
    // packages loaded by require() (the lazy ones) are in the CommonJS cache, not seen by the resolve hook
    const cjs = (config: string) => {
      const r = spawnSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          "import { createRequire } from 'node:module'; const { Module } = createRequire(import.meta.url)('node:module');" +
            "process.on('exit', () => console.error(Object.keys(Module._cache).join('\\n')));" +
            "process.argv = [process.argv[0], 'wfctl', 'context', 'list', '--json']; await import('./bin/wfctl.js');",
        ],
        { cwd: ROOT, encoding: 'utf8', env: { ...process.env, WFCTL_CONFIG: config } },
      );
      expect(r.status, r.stderr).toBe(0);
      return (name: string) => r.stderr.includes(`/node_modules/${name}/`);
    };
    const none = cjs(join(ROOT, 'test', 'no-such-config.yaml'));
    for (const lazy of ['yaml', 'csv-stringify', 'cli-table3']) expect(none(lazy), lazy).toBe(false);
    const dir = mkdtempSync(join(tmpdir(), 'wfctl-lazy-'));
    try {
      const file = join(dir, 'config.yaml');
      writeFileSync(file, 'contexts:\n  dev:\n    uri: mongodb://127.0.0.1:1\n', { mode: 0o600 });
      expect(cjs(file)('yaml'), 'a file is read with yaml').toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('npm pack ships bin, dist, completions and the README', () => {
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
    const files = (JSON.parse(r.stdout) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path);
    for (const f of [
      'bin/wfctl.js',
      'dist/main.js',
      'dist/index.js',
      'dist/index.d.ts',
      'completions/wfctl.bash',
      'README.md',
      'package.json',
    ]) {
      expect(files, f).toContain(f);
    }
    expect(files.some((f) => f.startsWith('test/') || f.startsWith('src/'))).toBe(false);
  });
});
