import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completionFiles } from '../../../scripts/gen-completions.js';
import { buildProgram } from '../../../src/cli.js';
import { CommandContext } from '../../../src/context.js';
import { createIOStreams } from '../../../src/io.js';
import { collectSpecs } from '../../../src/render/completion.js';
import { ROOT, runBin, runCli } from '../../support/cli.js';
import {
  CAFE,
  CAFE_NAME,
  INVOICES,
  NIGHTLY,
  QUOTED,
  QUOTED_NAME,
  SHARED,
  TABBED,
  seedCompletionWorkflows,
  UNREACHABLE,
} from '../../support/completion-fixtures.js';
import { useTestDatabase } from '../../support/db.js';
import { HANDSHAKE_COMMANDS, testProxyTarget, startSilentProxy, throughProxy } from '../../support/wire.js';

const db = useTestDatabase('completions');

let scratch = '';
beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'wfctl-completions-'));
  await seedCompletionWorkflows(db.ds);
});
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/**
 * The helper's 0.9 s budget is for people at a terminal; a node start on the
 * loaded CI machine can spend it, and the helper then prints nothing. Tests
 * that expect words (or expect nothing for another reason) give it 10 s.
 */
function patient(): Record<string, string> {
  return { ...db.env, WFCTL_COMPLETION_TIMEOUT: '10' };
}

function specs() {
  const io = createIOStreams({
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    stdin: new PassThrough(),
    env: {},
  });
  return collectSpecs(buildProgram(new CommandContext(io)));
}

/**
 * Runs the bash completion function on each line as bash would (COMP_LINE,
 * COMP_POINT, and words split at blanks: lines here hold no = or :), in one
 * bash, with a stand-in `wfctl` on PATH that prints what it was called with,
 * one workflow and two versions. Returns COMPREPLY of each line.
 */
function bashCompleteAll(lines: string[], options: { cwd?: string } = {}): string[][] {
  const bin = join(scratch, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(
    join(bin, 'wfctl'),
    `#!/bin/sh
printf 'called:%s\\n' "$*" | tr ' ' '_'
case " $* " in
  *" versions "*) printf '3\\ncurrent\\n' ;;
  *) printf 'wf-one\\n' ;;
esac
`,
  );
  chmodSync(join(bin, 'wfctl'), 0o755);
  const cases = lines.map((line) => {
    const words = line.split(' ');
    return `COMP_LINE=${JSON.stringify(line)}; COMP_POINT=\${#COMP_LINE}
COMP_WORDS=(${words.map((w) => JSON.stringify(w)).join(' ')}); COMP_CWORD=${words.length - 1}
_wfctl; printf '%s\\n' "\${COMPREPLY[@]}" "--end--"`;
  });
  const out = execFileSync(
    'bash',
    ['--norc', '--noprofile', '-c', `source ${ROOT}/completions/wfctl.bash\n${cases.join('\n')}`],
    {
      encoding: 'utf8',
      cwd: options.cwd ?? scratch,
      env: { PATH: `${bin}:/usr/bin:/bin`, HOME: scratch },
    },
  );
  return out
    .split('--end--\n')
    .slice(0, lines.length)
    .map((r) => r.split('\n').filter(Boolean));
}

function bashComplete(line: string): string[] {
  return bashCompleteAll([line])[0]!;
}

describe('shell completions', () => {
  const files = completionFiles();

  it('completions/ matches the command tree (run `npm run completions` after changing commands)', () => {
    for (const [path, text] of Object.entries(files)) {
      expect(readFileSync(`${ROOT}/${path}`, 'utf8'), `${path} is stale`).toBe(text);
    }
  });

  it('wfctl completion <shell> prints the same scripts', async () => {
    for (const shell of ['bash', 'zsh', 'fish']) {
      const r = await runCli(['completion', shell]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(files[`completions/wfctl.${shell}`]);
    }
  });

  it('rejects an unknown shell with exit 2', async () => {
    const r = await runCli(['completion', 'powershell']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bash, zsh, fish');
  });

  it('the bash script completes subcommands and option values', () => {
    expect(bashComplete('wfctl wor')).toEqual(['workflows']);
    expect(bashComplete('wfctl db ')).toEqual(expect.arrayContaining(['indexes', 'doctor']));
    expect(bashComplete('wfctl workflows list --for')).toEqual(['--format']);
    expect(bashComplete('wfctl workflows list --format ')).toEqual(['table', 'wide', 'json', 'csv']);
    expect(bashComplete('wfctl workflows list -o ')).toEqual(['table', 'wide', 'json', 'csv']);
    expect(bashComplete('wfctl --retry ex')).toEqual(['exponential']);
    expect(bashComplete('wfctl completion ')).toEqual(['bash', 'zsh', 'fish']);
    // an option's value is not taken for a subcommand or a positional
    expect(bashComplete('wfctl --db versions ')).toEqual(expect.arrayContaining(['workflows', 'versions', 'audit']));
    expect(bashComplete('wfctl --db versions ')).not.toContain('diff');
    expect(bashComplete('wfctl --db x versions ')).toEqual(expect.arrayContaining(['list', 'diff']));
  });

  it('the kinds of values follow the command tree', () => {
    const all = specs();
    const at = (path: string) => all.find((s) => s.path === path)!;
    expect(at('audit verify').args).toMatchObject([{ value: 'file', variadic: true }]);
    expect(at('versions compare').args.map((a) => a.value)).toEqual(['workflow', 'version', 'version']);
    expect(at('versions show').args.map((a) => a.value)).toEqual(['workflow', 'version']);
    expect(at('completion').args.map((a) => a.value)).toEqual(['choices:bash,zsh,fish']);
    const option = (path: string, flag: string) => at(path).options.find((o) => o.flags.includes(flag))?.value;
    expect(option('audit export', '--output')).toBe('file');
    expect(option('audit export', '--checkpoint')).toBe('file');
    expect(option('versions create', '--file')).toBe('file');
    expect(option('analytics report', '--output')).toBe('file');
    expect(option('check', '--output')).toBe('file');
    expect(option('rollback', '--to')).toBe('version');
    expect(option('audit list', '--workflow')).toBe('workflow');
    expect(option('versions list', '--uri')).toBe('none');
    expect(option('versions list', '--context')).toBe('context');
    expect(option('workflows list', '--expect-context')).toBe('context');
    // versions compare's own --context is its lines of context
    expect(option('versions compare', '--context')).toBe('none');
    expect(at('context use').args.map((a) => a.value)).toEqual(['context']);
    expect(at('context show').args.map((a) => a.value)).toEqual(['context']);
    expect(at('context remove').args.map((a) => a.value)).toEqual(['context']);
  });

  it('bash: every workflow, version, file and choices value of the tree completes', () => {
    const dir = join(scratch, 'cwd');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'zz-export.ndjson'), '');
    const expected: Record<string, string[]> = {};
    const add = (line: string, kind: string) => {
      if (kind === 'workflow') expected[line] = ['called:__complete_workflows', 'wf-one'];
      else if (kind === 'version') expected[line] = ['called:__complete_versions_wf-one', '3', 'current'];
      else if (kind === 'file') expected[line] = ['zz-export.ndjson'];
      else if (kind === 'context') expected[line] = ['called:__complete_contexts', 'wf-one'];
      else if (kind.startsWith('choices:')) expected[line] = kind.slice('choices:'.length).split(',');
    };
    for (const spec of specs()) {
      const base = ['wfctl', ...(spec.path ? [spec.path] : [])].join(' ');
      spec.args.forEach((a, i) => {
        // the positionals before it: the workflow where one is, else any word
        const before = spec.args.slice(0, i).map((b) => (b.value === 'workflow' ? 'wf-one' : 'x'));
        add([base, ...before, ''].join(' '), a.value);
        if (a.variadic) add([base, ...before, 'x', ''].join(' '), a.value);
      });
      const wf = spec.args[0]?.value === 'workflow' ? ' wf-one' : '';
      for (const o of spec.options) for (const flag of o.flags) if (o.value) add(`${base}${wf} ${flag} `, o.value);
    }
    const lines = Object.keys(expected);
    expect(lines.length).toBeGreaterThan(60);
    const got = bashCompleteAll(lines, { cwd: dir });
    expect(Object.fromEntries(lines.map((l, i) => [l, got[i]]))).toEqual(expected);
  });

  it('bash: the connection flags of the line go to the helper, other flags do not', () => {
    expect(
      bashComplete(
        'wfctl --uri mongodb://h/x --db d --timeout 2 --max-time 3 --read-preference nearest --user u --retries 1 versions list ',
      ),
    ).toEqual([
      'called:--uri=mongodb://h/x_--db=d_--timeout=2_--max-time=3_--read-preference=nearest___complete_workflows',
      'wf-one',
    ]);
    expect(bashComplete("wfctl versions diff --db 'd' wf-one ")).toEqual([
      'called:--db=d___complete_versions_wf-one',
      '3',
      'current',
    ]);
  });

  it('the zsh and fish scripts call the helper for versions with the workflow of the line', () => {
    expect(files['completions/wfctl.zsh']).toContain('__complete versions "$wf"');
    expect(files['completions/wfctl.fish']).toContain('__wfctl_helper versions $__wfctl_wf');
    expect(files['completions/wfctl.zsh']).not.toMatch(/local[^\n]*\bpath\b/);
  });
});

describe('wfctl __complete (the helper the scripts call)', () => {
  it('prints the context names of the configuration file, without a connection; nothing for a file it refuses', async () => {
    const config = join(scratch, 'contexts.yaml');
    writeFileSync(
      config,
      'contexts:\n  dev:\n    uri: mongodb://127.0.0.1:1\n  prod:\n    uri: mongodb://127.0.0.1:2\n',
      {
        mode: 0o600,
      },
    );
    const env = { WFCTL_CONFIG: config, WFCTL_MONGODB_URI: UNREACHABLE };
    const r = await runCli(['__complete', 'contexts'], { env });
    expect(r).toEqual({ code: 0, stdout: 'dev\nprod\n', stderr: '' });
    writeFileSync(config, 'contexts:\n  prod:\n    uri: mongodb://u:Pa55word@127.0.0.1:2\n');
    chmodSync(config, 0o644);
    expect(await runCli(['__complete', 'contexts'], { env })).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('prints "<id>\\t<name>" for every workflow and "<name>\\t<id>" for every name that names one workflow', async () => {
    const r = await runBin(['__complete', 'workflows'], { env: patient() });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout.split('\n').filter(Boolean).sort()).toEqual(
      [
        `${INVOICES}\tinvoice-sync`,
        `${NIGHTLY}\tNightly report`,
        `${QUOTED}\t${QUOTED_NAME}`,
        `${CAFE}\t${CAFE_NAME}`,
        `${SHARED[0]}\tShared name`,
        `${SHARED[1]}\tShared name`,
        // a name with a control character: the id alone
        TABBED,
        `invoice-sync\t${INVOICES}`,
        `Nightly report\t${NIGHTLY}`,
        `${QUOTED_NAME}\t${QUOTED}`,
        `${CAFE_NAME}\t${CAFE}`,
      ].sort(),
    );
  });

  it('prints the versions of a workflow named by id, id prefix or name, newest first, then current and current~1', async () => {
    for (const ref of [INVOICES, INVOICES.slice(0, 8), 'invoice-sync']) {
      const r = await runBin(['__complete', 'versions', ref], { env: patient() });
      expect(r, ref).toEqual({ code: 0, stdout: '3\n2\n1\ncurrent\ncurrent~1\n', stderr: '' });
    }
    const none = await runBin(['__complete', 'versions', NIGHTLY], { env: patient() });
    expect(none).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('prints nothing and exits 0 for an unknown workflow or an unknown mode', async () => {
    for (const args of [['versions', 'no-such-workflow'], ['versions'], ['executions']]) {
      expect(await runBin(['__complete', ...args], { env: patient() }), args.join(' ')).toEqual({
        code: 0,
        stdout: '',
        stderr: '',
      });
    }
  });

  it('uses --uri and --db given before it over the environment', async () => {
    const env = { ...patient(), WFCTL_MONGODB_URI: UNREACHABLE, WFCTL_DB: `${db.dbName}_empty` };
    const r = await runBin(['--uri', db.uri, '--db', db.dbName, '__complete', 'workflows'], { env });
    expect(r.stdout).toContain(INVOICES);
  });

  it('gives up on its own short budget, silently and with exit 0, when the server cannot be reached', async () => {
    // --timeout 60 on the line (as a user's alias may put it): the budget of 0.9 s still wins. The bound
    // only separates that budget from the 60 s, with room for a slow start on a loaded machine
    for (const args of [
      ['__complete', 'workflows'],
      ['__complete', 'versions', INVOICES],
    ]) {
      const start = Date.now();
      const r = await runBin(['--uri', UNREACHABLE, '--timeout', '60', ...args], { env: db.env, timeoutMs: 90_000 });
      const elapsed = Date.now() - start;
      expect(r, args.join(' ')).toEqual({ code: 0, stdout: '', stderr: '' });
      expect(elapsed, `${args.join(' ')} took ${elapsed} ms`).toBeLessThan(30_000);
    }
    expect(await runBin(['--uri', 'not-a-uri', '__complete', 'workflows'], { env: db.env })).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    });
  });

  it('WFCTL_COMPLETION_TIMEOUT sets the budget for a server that stops answering; a value that does not parse keeps 0.9 s', async (ctx) => {
    const target = testProxyTarget(db.uri);
    if (!target) return ctx.skip();
    // the server answers the handshake, then nothing: the first query hangs
    const proxy = await startSilentProxy(target, (name) => !HANDSHAKE_COMMANDS.has(name));
    try {
      const env = { ...db.env, WFCTL_MONGODB_URI: throughProxy(db.uri, proxy.port) };
      const timed = async (budget: string) => {
        const start = Date.now();
        const r = await runBin(['__complete', 'workflows'], { env: { ...env, WFCTL_COMPLETION_TIMEOUT: budget } });
        return { r, elapsed: Date.now() - start };
      };
      const long = await timed('3');
      expect(long.r).toEqual({ code: 0, stdout: '', stderr: '' });
      // nothing answers: the helper gives up when its budget is spent, not before
      expect(long.elapsed, `budget 3 s took ${long.elapsed} ms`).toBeGreaterThanOrEqual(2900);
      for (const bad of ['soon', '-1', '0', '1e3', '']) {
        const fast = await timed(bad);
        expect(fast.r, bad).toEqual({ code: 0, stdout: '', stderr: '' });
        // the default 0.9 s: 2.1 s less than the 3 s budget (compared in one run, since start-up varies with load)
        expect(
          fast.elapsed,
          `WFCTL_COMPLETION_TIMEOUT=${JSON.stringify(bad)} took ${fast.elapsed} ms, the 3 s budget ${long.elapsed} ms`,
        ).toBeLessThan(long.elapsed - 1200);
      }
    } finally {
      await proxy.close();
    }
  });
});
