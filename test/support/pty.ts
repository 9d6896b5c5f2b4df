/**
 * A real interactive shell in a pseudo-terminal, driven through tmux: type
 * keys, read the screen. Each shell gets its own tmux server (its socket
 * in a temporary folder, -S, removed with it), no tmux.conf and a clean environment, so nothing of the machine's setup
 * (rc files, history, aliases) takes part.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian packages of the programs these tests drive. */
export const PACKAGES = { tmux: 'tmux', bash: 'bash', zsh: 'zsh', fish: 'fish' } as const;

/** Why `program` cannot be used, naming the package to install; undefined when it is there. */
export function missingProgram(program: keyof typeof PACKAGES): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${program}`], { encoding: 'utf8' });
  if (found.status === 0 && found.stdout.trim()) return undefined;
  return `${program} is not installed: these tests drive the real program (Debian: apt-get install -y ${PACKAGES[program]})`;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export interface TmuxShellOptions {
  /** the program and its arguments, e.g. ['bash', '--norc', '--noprofile'] */
  command: string[];
  /** the whole environment of the shell (nothing is inherited) */
  env: Record<string, string>;
  cwd: string;
  columns?: number;
  rows?: number;
}

const live = new Set<TmuxShell>();
let counter = 0;

export class TmuxShell {
  private readonly socket: string;
  private readonly launcherDir: string;

  private constructor(socket: string, launcherDir: string) {
    this.socket = socket;
    this.launcherDir = launcherDir;
  }

  static start(options: TmuxShellOptions): TmuxShell {
    const launcherDir = mkdtempSync(join(tmpdir(), `wfctl-pty-${++counter}-`));
    const socket = join(launcherDir, 'tmux.sock');
    const launcher = join(launcherDir, 'launch.sh');
    const env = Object.entries(options.env).map(([k, v]) => shellQuote(`${k}=${v}`));
    writeFileSync(
      launcher,
      `#!/bin/sh\ncd ${shellQuote(options.cwd)} || exit 1\nexec env -i ${env.join(' ')} ${options.command.map(shellQuote).join(' ')}\n`,
    );
    chmodSync(launcher, 0o755);
    const shell = new TmuxShell(socket, launcherDir);
    live.add(shell);
    shell.tmux([
      '-f',
      '/dev/null',
      'new-session',
      '-d',
      '-s',
      'main',
      '-x',
      String(options.columns ?? 200),
      '-y',
      String(options.rows ?? 50),
      launcher,
    ]);
    return shell;
  }

  /** Kills every shell still running (for afterAll). */
  static killAll(): void {
    for (const shell of [...live]) shell.kill();
  }

  private tmux(args: string[]): string {
    return execFileSync('tmux', ['-S', this.socket, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /** Types text as it is (no key names). */
  type(text: string): void {
    this.tmux(['send-keys', '-t', 'main', '-l', text]);
  }

  /** Presses keys by tmux name: 'Tab', 'Enter', 'C-u'. */
  press(...keys: string[]): void {
    for (const key of keys) this.tmux(['send-keys', '-t', 'main', key]);
  }

  /** The visible screen, trailing blanks trimmed. */
  screen(): string {
    return this.tmux(['capture-pane', '-p', '-J', '-t', 'main'])
      .split('\n')
      .map((l) => l.trimEnd())
      .join('\n')
      .trimEnd();
  }

  /** Polls the screen until `test` holds; throws with the last screen after `timeoutMs`. */
  async waitFor(test: (screen: string) => boolean, what: string, timeoutMs = 5000): Promise<string> {
    const start = Date.now();
    let last = '';
    for (;;) {
      try {
        last = this.screen();
      } catch (err) {
        throw new Error(
          `the shell is gone while waiting for ${what}: ${(err as Error).message}\nlast screen:\n${last}`,
        );
      }
      if (test(last)) return last;
      if (Date.now() - start > timeoutMs)
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; the screen:\n${last}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  kill(): void {
    if (!live.delete(this)) return;
    try {
      this.tmux(['kill-server']);
    } catch {
      // already gone
    }
    rmSync(this.launcherDir, { recursive: true, force: true });
  }
}
