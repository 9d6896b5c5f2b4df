/**
 * A Python virtual environment for the tests' independent references: the
 * backend's own DeepDiff (8.6.1) and pymongo (4.5.0, whose bson.json_util is
 * an Extended JSON implementation that is not ours). Built on first use into
 * .cache/python-venv from PyPI, reused while test/support/python-requirements.txt
 * is unchanged.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const REQUIREMENTS = join(ROOT, 'test', 'support', 'python-requirements.txt');
const VENV = join(ROOT, '.cache', 'python-venv');
export const VENV_PYTHON = join(VENV, 'bin', 'python');

function requirementsHash(): string {
  return createHash('sha256').update(readFileSync(REQUIREMENTS)).digest('hex');
}

/** Creates the venv when it is missing or stale; returns its python. Called once, from the global setup. */
export function ensurePythonVenv(log: (msg: string) => void = (m) => process.stderr.write(`${m}\n`)): string {
  const marker = join(VENV, '.requirements-sha256');
  const want = requirementsHash();
  if (existsSync(marker) && readFileSync(marker, 'utf8') === want && existsSync(VENV_PYTHON)) return VENV_PYTHON;
  log('Creating the Python reference environment (deepdiff, pymongo, scipy) in .cache/python-venv (first run only)...');
  // a venv records its own path, so it is built in place; the marker, written last, says it is whole
  rmSync(VENV, { recursive: true, force: true });
  execFileSync('python3', ['-m', 'venv', VENV], { stdio: ['ignore', 'inherit', 'inherit'] });
  execFileSync(join(VENV, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', '-r', REQUIREMENTS], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  writeFileSync(marker, want);
  return VENV_PYTHON;
}

/** Runs a Python script of the repository with the venv's python; stdin in, stdout out. */
export function runPython(script: string, args: string[], input?: string): string {
  return execFileSync(VENV_PYTHON, [join(ROOT, script), ...args], {
    encoding: 'utf8',
    input: input ?? '',
    maxBuffer: 256 << 20,
  });
}
