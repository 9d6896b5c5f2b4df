/**
 * Running wfctl the way a user does: in-process through main() with captured
 * streams (fast; TTY on or off), or as the real executable in a child process.
 */
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/main.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = resolve(ROOT, 'bin/wfctl.js');
/** wfctl's configuration file in tests unless one is given: none (the user's own contexts never take part) */
export const NO_CONFIG = '/nonexistent/wfctl-test/config.yaml';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  /** text (or bytes) on stdin */
  stdin?: string | Uint8Array;
  /** pretend stdout, stderr and stdin are terminals */
  tty?: boolean;
  columns?: number;
}

class Capture extends PassThrough {
  text = '';
  isTTY: boolean;
  columns: number;
  constructor(tty: boolean, columns: number) {
    super();
    this.isTTY = tty;
    this.columns = columns;
    this.on('data', (d: Buffer) => (this.text += d.toString('utf8')));
  }
  // what a terminal stream offers spinners; cursor moves are not part of the text
  cursorTo(_x: number, _y?: unknown, cb?: () => void): boolean {
    if (typeof _y === 'function') (_y as () => void)();
    cb?.();
    return true;
  }
  moveCursor(_dx: number, _dy: number, cb?: () => void): boolean {
    cb?.();
    return true;
  }
  clearLine(_dir: number, cb?: () => void): boolean {
    cb?.();
    return true;
  }
  clearScreenDown(cb?: () => void): boolean {
    cb?.();
    return true;
  }
  getColorDepth(): number {
    return 8;
  }
  hasColors(): boolean {
    return true;
  }
}

/** Runs main() in this process. Environment: only what `env` gives (plus PATH and HOME). */
export async function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const tty = options.tty === true;
  const stdout = new Capture(tty, options.columns ?? 120);
  const stderr = new Capture(tty, options.columns ?? 120);
  const stdin = Readable.from(options.stdin !== undefined ? [Buffer.from(options.stdin)] : []) as Readable & {
    isTTY?: boolean;
  };
  stdin.isTTY = tty;
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, WFCTL_CONFIG: NO_CONFIG, ...options.env };
  const code = await main(args, { stdout, stderr, stdin, env });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** Runs the real executable (bin/wfctl.js, built dist/) in a child process. */
export function runBin(
  args: string[],
  options: { env?: Record<string, string | undefined>; stdin?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, WFCTL_CONFIG: NO_CONFIG, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
    child.stdin.end(options.stdin ?? '');
  });
}
