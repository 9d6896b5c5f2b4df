/**
 * The generated completion scripts in the real shells: bash, zsh and fish run
 * interactively in a pseudo-terminal (tmux), with a clean rc, a `wfctl` on
 * PATH that runs this checkout against the test database; the test types a
 * partial line, presses TAB and reads what the shell shows.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../../support/cli.js';
import {
  CAFE,
  CAFE_NAME,
  INVOICES,
  NIGHTLY,
  QUOTED,
  QUOTED_NAME,
  SHARED,
  seedCompletionWorkflows,
  UNREACHABLE,
} from '../../support/completion-fixtures.js';
import { useTestDatabase } from '../../support/db.js';
import { missingProgram, TmuxShell } from '../../support/pty.js';

const db = useTestDatabase('completions_shells');

const PROMPT = 'PROMPT>';

type ShellName = 'bash' | 'zsh' | 'fish';

let workDir = '';
let binDir = '';

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'wfctl-shells-'));
  binDir = join(workDir, 'bin');
  mkdirSync(binDir);
  mkdirSync(join(workDir, 'files', 'reports'), { recursive: true });
  writeFileSync(join(workDir, 'files', 'alpha.ndjson'), '');
  writeFileSync(join(workDir, 'files', 'beta.ndjson'), '');
  writeFileSync(join(binDir, 'wfctl'), `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`);
  chmodSync(join(binDir, 'wfctl'), 0o755);

  await seedCompletionWorkflows(db.ds);
});

afterEach(() => TmuxShell.killAll());

afterAll(() => {
  TmuxShell.killAll();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

const SETUP: Record<ShellName, { command: string[]; setup: (script: string) => string }> = {
  bash: { command: ['bash', '--norc', '--noprofile'], setup: (s) => `PS1='${PROMPT} '; source ${s}; clear` },
  zsh: {
    command: ['zsh', '-f'],
    setup: (s) => `PS1='${PROMPT} '; autoload -Uz compinit && compinit -u && source ${s}; clear`,
  },
  fish: {
    command: ['fish', '--no-config'],
    setup: (s) =>
      `function fish_prompt; printf '${PROMPT} '; end; set -g fish_autosuggestion_enabled 0; source ${s}; clear`,
  },
};

/**
 * The helper's budget (0.9 s) is for people at a terminal; on a loaded CI
 * machine a node start alone can take longer, and the shell then lists
 * nothing. The tests that expect words give it time; the test of an
 * unreachable server keeps the default.
 */
const silentSockets: Socket[] = [];
const PATIENT = { WFCTL_COMPLETION_TIMEOUT: '10' };

/** Starts the shell with the completion script loaded, at an empty screen; `env` replaces the test database's. */
async function startShell(
  shell: ShellName,
  env: Record<string, string> = { ...db.env, ...PATIENT },
): Promise<TmuxShell> {
  for (const program of ['tmux', shell] as const) {
    const missing = missingProgram(program);
    if (missing) throw new Error(missing);
  }
  const home = join(workDir, `home-${shell}-${Math.random().toString(36).slice(2)}`);
  mkdirSync(home);
  const sh = TmuxShell.start({
    command: SETUP[shell].command,
    cwd: join(workDir, 'files'),
    env: { ...env, HOME: home, TERM: 'screen', LANG: 'C.UTF-8', PATH: `${binDir}:/usr/local/bin:/usr/bin:/bin` },
  });
  await sh.waitFor((s) => s.length > 0, `${shell} to start`, 10_000);
  sh.type(SETUP[shell].setup(`${ROOT}/completions/wfctl.${shell}`));
  sh.press('Enter');
  await sh.waitFor((s) => s.trim() === PROMPT, `${shell} to load the completion script`, 10_000);
  return sh;
}

/** Abandons the line and clears the screen, so that the next list is read alone. */
async function fresh(sh: TmuxShell): Promise<void> {
  // line editing keys, not Ctrl-C: a signal races with the shell's redisplay
  sh.press('C-e', 'C-u');
  await sh.waitFor((s) => commandLine(s) === '', 'an empty command line');
  sh.type('clear');
  sh.press('Enter');
  await sh.waitFor((s) => s.trim() === PROMPT, 'a clear screen');
}

/**
 * The command ran and its shell is back at an empty prompt: keys sent before
 * that reach the command's terminal instead (echoed as `^E`) and the next
 * prompt no longer starts its line.
 */
function ranToPrompt(screen: string, printed: string): boolean {
  const lines = screen.split('\n');
  return (screen.includes(printed) || screen.includes('wfctl:')) && lines.at(-1)?.trim() === PROMPT;
}

/**
 * The command line: the last line with the prompt. Under load the prompt may
 * be drawn after blanks (the cursor was not at the line's start when the
 * shell redrew it), so blanks before it are not part of the line.
 */
function commandLine(screen: string): string {
  const lines = screen
    .split('\n')
    .map((l) => l.trimStart())
    .filter((l) => l.startsWith(PROMPT));
  return (lines.at(-1) ?? '').slice(PROMPT.length + 1);
}

/** The words the shell listed: everything on the screen but the command lines. */
function listed(screen: string): string[] {
  return screen
    .split('\n')
    .filter((l) => !l.trimStart().startsWith(PROMPT))
    .flatMap((l) => l.split(/\s+/))
    .filter(Boolean);
}

/** bash lists candidates on the second TAB, zsh and fish on the first. */
function listTabs(shell: ShellName): string[] {
  return shell === 'bash' ? ['Tab', 'Tab'] : ['Tab'];
}

/** Types `line`, asks for the list and waits until every expected word is listed. */
async function listFor(
  sh: TmuxShell,
  shell: ShellName,
  line: string,
  expected: Array<string | RegExp>,
  timeoutMs = 15_000,
): Promise<string[]> {
  sh.type(line);
  sh.press(...listTabs(shell));
  const has = (words: string[], e: string | RegExp) => words.some((w) => (typeof e === 'string' ? w === e : e.test(w)));
  const screen = await sh.waitFor(
    (s) => expected.every((e) => has(listed(s), e)),
    `${shell} to list ${expected.join(', ')} after "${line}"`,
    timeoutMs,
  );
  return listed(screen);
}

/** Types `line`, presses TAB once and waits for the command line to become `completed`. */
async function completeTo(sh: TmuxShell, shell: ShellName, line: string, completed: string | RegExp): Promise<void> {
  sh.type(line);
  sh.press('Tab');
  const ok = (s: string) =>
    typeof completed === 'string' ? commandLine(s).trimEnd() === completed.trimEnd() : completed.test(commandLine(s));
  await sh.waitFor(ok, `${shell} to complete "${line}" to "${String(completed)}"`, 15_000);
}

describe.each(['bash', 'zsh', 'fish'] as const)('%s completion in a terminal', (shell) => {
  it('completes subcommands and option values (choices)', async () => {
    const sh = await startShell(shell);
    expect(
      await listFor(sh, shell, 'wfctl versions ', ['list', 'show', 'compare', 'diff', 'rollback', 'changes']),
    ).not.toContain('indexes');
    await fresh(sh);
    await completeTo(sh, shell, 'wfctl anal', 'wfctl analytics');
    await fresh(sh);
    await listFor(sh, shell, 'wfctl workflows list --format ', ['table', 'json', 'csv']);
    await fresh(sh);
    await completeTo(sh, shell, 'wfctl --retry ex', 'wfctl --retry exponential');
  });

  it('offers bash, zsh and fish after `completion` (argument choices)', async () => {
    const sh = await startShell(shell);
    await listFor(sh, shell, 'wfctl completion ', ['bash', 'zsh', 'fish']);
  });

  it('offers workflow ids and names for every workflow argument; a name two workflows share is not offered', async () => {
    const sh = await startShell(shell);
    await listFor(sh, shell, 'wfctl versions diff ', [INVOICES, NIGHTLY, 'invoice-sync', /Nightly/]);
    await fresh(sh);
    await listFor(sh, shell, 'wfctl stats errors ', [INVOICES, NIGHTLY]);
    await fresh(sh);
    await listFor(sh, shell, 'wfctl audit list --workflow ', [INVOICES, NIGHTLY]);
    await fresh(sh);
    await completeTo(sh, shell, 'wfctl rollback 6a1b', `wfctl rollback ${INVOICES}`);
  });

  it('completes names with blanks, quotes, $ and Unicode, quoted so that the command gets the name', async () => {
    const sh = await startShell(shell);
    // unquoted: each shell escapes with backslashes; Enter runs the line, and wfctl finds the workflow by that name
    for (const [typed, id, name] of [
      ['Nigh', NIGHTLY, 'Nightly report'],
      ['Tom', QUOTED, QUOTED_NAME],
      ['Caf', CAFE, CAFE_NAME],
    ] as const) {
      const line = `wfctl workflows show ${typed}`;
      sh.type(line);
      sh.press('Tab');
      await sh.waitFor((s) => commandLine(s).length > line.length + 2, `${shell} to complete "${line}"`, 15_000);
      sh.press('Enter');
      const screen = await sh.waitFor(
        (s) => ranToPrompt(s, 'id:'),
        `${shell} to run the completed line for ${name}`,
        15_000,
      );
      expect(screen, name).toMatch(new RegExp(`^id:\\s+${id}$`, 'm'));
      expect(screen, name).toContain(`name:`);
      await fresh(sh);
    }
    // after an opening quote: completed inside the quotes
    sh.type('wfctl workflows show "Nigh');
    sh.press('Tab');
    await sh.waitFor(
      (s) => /"Nightly report"?\s*$/.test(commandLine(s)),
      `${shell} to complete inside the quotes`,
      15_000,
    );
    if (!/"\s*$/.test(commandLine(sh.screen()))) sh.type('"');
    sh.press('Enter');
    const screen = await sh.waitFor((s) => ranToPrompt(s, 'id:'), `${shell} to run the quoted line`, 15_000);
    expect(screen).toMatch(new RegExp(`^id:\\s+${NIGHTLY}$`, 'm'));
  });

  it('describes each id by its name (zsh and fish), and offers a shared name only by the ids', async () => {
    const sh = await startShell(shell);
    sh.type('wfctl versions diff 7f00e1d2c3b4a5968778695');
    sh.press(...listTabs(shell));
    // fish elides the common start of the ids ("…9687786950")
    const tail = (id: string) => id.slice(-10);
    const screen = await sh.waitFor(
      (s) => [SHARED[0]!, SHARED[1]!, NIGHTLY].every((id) => s.includes(tail(id))),
      `${shell} to list the ids`,
      15_000,
    );
    if (shell !== 'bash') {
      for (const [id, name] of [
        [SHARED[0]!, 'Shared name'],
        [SHARED[1]!, 'Shared name'],
        [NIGHTLY, 'Nightly report'],
        [CAFE, CAFE_NAME],
        [QUOTED, "Tom's \\$5"],
      ]) {
        expect(screen).toMatch(new RegExp(`${tail(id)}.*${name}`));
      }
    }
    // the shared name is no candidate (bash lists the words alone; zsh and fish show it as the ids' description)
    await fresh(sh);
    await completeTo(sh, shell, 'wfctl versions diff Shar', 'wfctl versions diff Shar');
  });

  it('offers the versions of the workflow named before', async () => {
    const sh = await startShell(shell);
    // zsh shows current~1 quoted (current\~1): ~ is special to it
    const versions = ['3', '2', '1', 'current', /^current\\?~1$/];
    await listFor(sh, shell, `wfctl versions diff ${INVOICES} `, versions);
    await fresh(sh);
    await listFor(sh, shell, 'wfctl versions show invoice-sync ', versions);
    await fresh(sh);
    await listFor(sh, shell, 'wfctl rollback invoice-sync --to ', versions);
  });

  it('completes file names for file arguments and options', async () => {
    const sh = await startShell(shell);
    await listFor(sh, shell, 'wfctl audit verify ', ['alpha.ndjson', 'beta.ndjson', 'reports/']);
    await fresh(sh);
    await completeTo(sh, shell, 'wfctl audit export --output al', 'wfctl audit export --output alpha.ndjson');
    await fresh(sh);
    await completeTo(sh, shell, 'wfctl check --output=be', 'wfctl check --output=beta.ndjson');
    await fresh(sh);
    await completeTo(
      sh,
      shell,
      'wfctl versions create invoice-sync -f al',
      'wfctl versions create invoice-sync -f alpha.ndjson',
    );
  });

  it('offers the context names of the configuration file', async () => {
    const config = join(workDir, 'contexts.yaml');
    writeFileSync(
      config,
      'contexts:\n  dev-local:\n    uri: mongodb://127.0.0.1:1\n  prod-eu:\n    uri: mongodb://127.0.0.1:2\n',
      {
        mode: 0o600,
      },
    );
    const sh = await startShell(shell, { ...db.env, ...PATIENT, WFCTL_CONFIG: config });
    await listFor(sh, shell, 'wfctl context use ', ['dev-local', 'prod-eu']);
    await fresh(sh);
    await completeTo(sh, shell, 'wfctl --context pro', /^wfctl --context prod-eu\s*$/);
  });

  it('passes --uri and --db of the line to the helper', async () => {
    // the environment names a server that does not answer and a database without workflows
    const sh = await startShell(shell, {
      ...db.env,
      ...PATIENT,
      WFCTL_MONGODB_URI: UNREACHABLE,
      WFCTL_DB: `${db.dbName}_empty`,
    });
    await listFor(sh, shell, `wfctl --uri ${db.uri} --db=${db.dbName} versions diff `, [INVOICES, NIGHTLY]);
  });

  it('returns at once, printing nothing, when the server does not answer', async () => {
    // a server that takes the connection and never replies, and a line that
    // allows a minute: without the helper's budget the TAB would hold the shell
    const silent = createServer((s) => silentSockets.push(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const uri = `mongodb://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
    try {
      // the environment too, or a script that drops --uri would reach the test database
      const sh = await startShell(shell, { ...db.env, WFCTL_MONGODB_URI: uri });
      const line = `wfctl --timeout 60 --uri ${uri} versions diff `;
      sh.type(line);
      await sh.waitFor((s) => commandLine(s) === line.trimEnd(), 'the line to be typed');
      sh.press('Tab');
      sh.type('Z'); // shows once the shell reads keys again
      // a limit far from both the 0.9 s budget and the minute, not a timing
      const screen = await sh.waitFor(
        (s) => commandLine(s).endsWith('diff Z'),
        'the prompt to take keys again long before the minute',
        20_000,
      );
      expect(
        screen.split('\n').filter((l) => l.trim() !== ''),
        'nothing but the command line on the screen',
      ).toEqual([`${PROMPT} ${line}Z`]);
    } finally {
      for (const s of silentSockets.splice(0)) s.destroy();
      silent.close();
    }
  });
});

describe('the zsh script', () => {
  it("declares none of zsh's special parameters (path is tied to PATH)", () => {
    const missing = missingProgram('zsh');
    if (missing) throw new Error(missing);
    const special = new Set(
      execFileSync('zsh', ['-f', '-c', 'zmodload zsh/parameter; print -l ${(k)parameters[(R)*special*]}'], {
        encoding: 'utf8',
      })
        .split('\n')
        .filter(Boolean),
    );
    // special inside completion widgets only (zsh/complete, compsys)
    for (const name of [
      'words',
      'CURRENT',
      'PREFIX',
      'SUFFIX',
      'IPREFIX',
      'ISUFFIX',
      'QIPREFIX',
      'QISUFFIX',
      'compstate',
      'curcontext',
      'context',
      'state',
      'line',
      'opt_args',
    ]) {
      special.add(name);
    }
    const script = readFileSync(`${ROOT}/completions/wfctl.zsh`, 'utf8');
    const names = (text: string) =>
      text
        .replace(/"[^"]*"|'[^']*'|\([^)]*\)/g, '')
        .split(/\s+/)
        .filter((w) => w && !w.startsWith('-'))
        .map((w) => w.split('=')[0]!);
    const declared = [...script.matchAll(/^\s*local\s+(.*)$/gm)].flatMap((m) => names(m[1]!));
    expect(declared.length).toBeGreaterThan(5);
    expect(declared.filter((name) => special.has(name))).toEqual([]);
    // what _wfctl_spec sets belongs to _wfctl's locals, so nothing leaks into the user's shell
    const spec = /_wfctl_spec\(\) \{\n\s*(.*)\n/.exec(script)![1]!;
    expect(names(spec)).toEqual(['subs', 'opts', 'subnames', 'vopts', 'argkinds']);
    for (const name of names(spec)) expect(declared).toContain(name);
  });
});
