import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { completionFiles } from '../scripts/gen-completions.js';
import { ROOT, runCli } from './support/cli.js';

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
    const complete = (line: string) => {
      const words = line.split(' ');
      const script = `source ${ROOT}/completions/wfctl.bash
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}
_wfctl; printf '%s\\n' "\${COMPREPLY[@]}"`;
      return execFileSync('bash', ['-c', script], { encoding: 'utf8' }).trim().split('\n');
    };
    expect(complete('wfctl wor')).toEqual(['workflows']);
    expect(complete('wfctl db ')).toEqual(expect.arrayContaining(['indexes', 'doctor']));
    expect(complete('wfctl workflows list --for')).toEqual(['--format']);
    expect(complete('wfctl workflows list --format ')).toEqual(['table', 'json', 'csv']);
    expect(complete('wfctl --retry ex')).toEqual(['exponential']);
  });
});
