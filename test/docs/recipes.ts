/**
 * What the docs' copy-paste blocks mean to the programs that read them: a
 * fenced block after an HTML comment marker, a crontab line as cron runs it,
 * a systemd ExecStart as systemd splits it. The rules are the programs' own
 * (crontab(5), systemd.service(5), systemd.syntax(7)), written out here so the
 * tests run the recipes the way those programs would.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ROOT } from '../support/cli.js';

/** The fenced block that follows `<!-- marker -->` in a markdown file. */
export function markedBlock(file: string, marker: string): string {
  const text = readFileSync(resolve(ROOT, file), 'utf8');
  const at = text.indexOf(`<!-- ${marker} -->`);
  if (at < 0) throw new Error(`${file}: no <!-- ${marker} --> block`);
  const m = /```[a-z]*\n([\s\S]*?)\n```/.exec(text.slice(at));
  if (!m) throw new Error(`${file}: no fenced block after <!-- ${marker} -->`);
  return m[1]!;
}

export interface CronJob {
  schedule: string;
  /** the command cron gives to the shell */
  command: string;
  /** what cron feeds on stdin (after the first unescaped %) */
  stdin: string;
}

/**
 * A crontab as cron reads it: NAME=value lines set the environment, comments
 * and blank lines are skipped, a job is five time fields and a command in
 * which `\%` is a percent and the first bare `%` ends the command (the rest,
 * with each further `%` a newline, is its stdin). No line continuation.
 */
export function parseCrontab(text: string): { env: Record<string, string>; jobs: CronJob[] } {
  const env: Record<string, string> = {};
  const jobs: CronJob[] = [];
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) continue;
    const assign = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(t);
    if (assign) {
      env[assign[1]!] = assign[2]!.replace(/^(['"])(.*)\1$/, '$2');
      continue;
    }
    const m = /^(\S+\s+\S+\s+\S+\s+\S+\s+\S+)\s+(.*)$/.exec(t);
    if (!m) throw new Error(`not a crontab line: ${t}`);
    let command = '';
    let stdin: string | null = null;
    const raw = m[2]!;
    for (let i = 0; i < raw.length; i++) {
      const c = raw[i]!;
      if (c === '\\' && raw[i + 1] === '%') {
        if (stdin === null) command += '%';
        else stdin += '%';
        i++;
      } else if (c === '%') {
        if (stdin === null) stdin = '';
        else stdin += '\n';
      } else if (stdin === null) command += c;
      else stdin += c;
    }
    jobs.push({ schedule: m[1]!, command, stdin: stdin ?? '' });
  }
  return { env, jobs };
}

export interface SystemdUnit {
  sections: Record<string, Record<string, string[]>>;
}

export function parseUnit(text: string): SystemdUnit {
  const sections: Record<string, Record<string, string[]>> = {};
  let current: Record<string, string[]> | undefined;
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t === '' || t.startsWith('#') || t.startsWith(';')) continue;
    const sec = /^\[(.+)\]$/.exec(t);
    if (sec) {
      current = sections[sec[1]!] ??= {};
      continue;
    }
    const kv = /^([A-Za-z0-9]+)=(.*)$/.exec(t);
    if (!kv || !current) throw new Error(`not a unit line: ${t}`);
    (current[kv[1]!] ??= []).push(kv[2]!);
  }
  return { sections };
}

/**
 * ExecStart as systemd makes an argv of it: specifiers first (`%%` is a
 * percent; our recipes use no other specifier, so any other is an error),
 * then words split on blanks with single or double quotes grouping (C escapes
 * are refused here: the recipes use none), then `$$` is a dollar while `$NAME`
 * and `${NAME}` are the unit's environment.
 */
export function execStartArgv(value: string, env: Record<string, string>): string[] {
  let text = '';
  for (let i = 0; i < value.length; i++) {
    if (value[i] !== '%') text += value[i];
    else if (value[i + 1] === '%') {
      text += '%';
      i++;
    } else throw new Error(`specifier %${value[i + 1]} in ExecStart: write %% for a percent`);
  }
  if (text.includes('\\')) throw new Error('backslash escapes in ExecStart are not handled by this reader');
  const words: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (i >= text.length) break;
    let word = '';
    while (i < text.length && text[i] !== ' ' && text[i] !== '\t') {
      const q = text[i];
      if (q === "'" || q === '"') {
        const end = text.indexOf(q, i + 1);
        if (end < 0) throw new Error('unbalanced quote in ExecStart');
        word += text.slice(i + 1, end);
        i = end + 1;
      } else word += text[i++];
    }
    words.push(word);
  }
  return words.map((w) =>
    w.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (m, a?: string, b?: string) =>
      m === '$$' ? '$' : (env[(a ?? b)!] ?? ''),
    ),
  );
}

/** An EnvironmentFile (and a file `sh` sources with `set -a`): NAME=value lines, comments, optional quotes. */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) continue;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(t);
    if (!m) throw new Error(`not NAME=value: ${t}`);
    env[m[1]!] = m[2]!.replace(/^'(.*)'$/, '$1').replace(/^"(.*)"$/, '$1');
  }
  return env;
}
