/** The fish: complete -c lines, one per option and subcommand. */
import {
  type CommandSpec,
  type ValueKind,
  HEADER,
  valueOptionTable,
  argTable,
  CONNECTION_FLAGS,
} from './completion-spec.js';

function fishEscape(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
}

function fishValue(kind: ValueKind): string {
  if (kind.startsWith('choices:')) return `-a '${kind.slice('choices:'.length).split(',').join(' ')}'`;
  switch (kind) {
    case 'workflow':
      return "-a '(__wfctl_helper workflows)'";
    case 'version':
      return "-a '(__wfctl_versions)'";
    case 'context':
      return "-a '(wfctl __complete contexts 2>/dev/null)'";
    case 'file':
      return '-F';
    default:
      return '';
  }
}

export function fishScript(specs: CommandSpec[]): string {
  const table = (name: string, doc: string, rows: (s: CommandSpec) => string[]) => [
    `# ${doc}`,
    `function ${name}`,
    '    switch "$argv[1]"',
    ...specs.map((s) => {
      const r = rows(s);
      return `        case '${fishEscape(s.path)}'${r.length ? `\n            printf '%s\\n' ${r.map((w) => `'${fishEscape(w)}'`).join(' ')}` : ''}`;
    }),
    '    end',
    'end',
  ];
  const lines: string[] = [
    HEADER,
    '# fish: put this file in ~/.config/fish/completions/wfctl.fish',
    ...table('__wfctl_subs', 'the subcommands of a command path', (s) => s.subcommands.map((c) => c.name)),
    ...table('__wfctl_vopts', 'the options of a command path that take a value: flag=kind', (s) =>
      valueOptionTable(s).trim().split(' ').filter(Boolean),
    ),
    ...table(
      '__wfctl_args',
      'what the positionals of a command path complete to (a variadic last one ends in ...)',
      (s) => argTable(s).split(' ').filter(Boolean),
    ),
    '# Reads the line before the cursor (once per line) into __wfctl_cmd (the command path), __wfctl_pos (positionals),',
    '# __wfctl_conn (connection flags for the helper), __wfctl_pending (an option waiting for its value) and __wfctl_wf.',
    'function __wfctl_state',
    '    set -l line (commandline -cp)',
    '    test "$line" = "$__wfctl_line"; and return',
    '    set -g __wfctl_line $line',
    "    set -g __wfctl_cmd ''",
    '    set -g __wfctl_pos',
    '    set -g __wfctl_conn',
    "    set -g __wfctl_pending ''",
    "    set -g __wfctl_wf ''",
    '    set -l vopts (__wfctl_vopts "")',
    '    for w in (commandline -opc)[2..-1]',
    '        if test -n "$__wfctl_pending"',
    '            __wfctl_keep $__wfctl_pending $w',
    "            set __wfctl_pending ''",
    "        else if string match -qr -- '^--[^=]+=' $w",
    '            __wfctl_keep (string split -m 1 -- = $w)',
    "        else if string match -qr -- '^-.' $w",
    '            string match -q -- "$w=*" $vopts; and set __wfctl_pending $w',
    '        else if test (count $__wfctl_pos) -eq 0; and contains -- $w (__wfctl_subs "$__wfctl_cmd")',
    '            set __wfctl_cmd (string trim -- "$__wfctl_cmd $w")',
    '            set vopts (__wfctl_vopts "$__wfctl_cmd")',
    '        else',
    '            set -a __wfctl_pos $w',
    '        end',
    '    end',
    '    set -l i 1',
    '    for k in (__wfctl_args "$__wfctl_cmd")',
    '        test $i -gt (count $__wfctl_pos); and break',
    "        if test (string replace -- ... '' $k) = workflow",
    '            set __wfctl_wf $__wfctl_pos[$i]',
    '            break',
    '        end',
    '        set i (math $i + 1)',
    '    end',
    'end',
    'function __wfctl_keep',
    `    contains -- $argv[1] ${CONNECTION_FLAGS.join(' ')}; and set -ga __wfctl_conn "$argv[1]=$argv[2]"`,
    'end',
    '# At this command path (options)',
    'function __wfctl_at',
    '    __wfctl_state',
    '    test "$__wfctl_cmd" = "$argv[1]"',
    'end',
    '# At this command path, before any positional (subcommands)',
    'function __wfctl_sub',
    '    __wfctl_state',
    '    test "$__wfctl_cmd" = "$argv[1]"; and test (count $__wfctl_pos) -eq 0; and test -z "$__wfctl_pending"',
    'end',
    '# At this command path, completing its positional number $argv[2] ("3+": the third or later)',
    'function __wfctl_arg',
    '    __wfctl_state',
    '    test "$__wfctl_cmd" = "$argv[1]"; and test -z "$__wfctl_pending"; or return 1',
    '    set -l n (math (count $__wfctl_pos) + 1)',
    "    set -l want (string replace -- + '' $argv[2])",
    "    if string match -q -- '*+' $argv[2]",
    '        test $n -ge $want',
    '    else',
    '        test $n -eq $want',
    '    end',
    'end',
    'function __wfctl_helper',
    '    __wfctl_state',
    '    wfctl $__wfctl_conn __complete $argv 2>/dev/null',
    'end',
    'function __wfctl_versions',
    '    __wfctl_state',
    '    test -n "$__wfctl_wf"; and __wfctl_helper versions $__wfctl_wf',
    'end',
    'complete -c wfctl -f',
  ];
  for (const s of specs) {
    const at = `'__wfctl_at "${fishEscape(s.path)}"'`;
    const sub = `'__wfctl_sub "${fishEscape(s.path)}"'`;
    for (const c of s.subcommands)
      lines.push(`complete -c wfctl -n ${sub} -a '${fishEscape(c.name)}' -d '${fishEscape(c.description)}'`);
    for (const o of s.options) {
      const long = o.flags.find((f) => f.startsWith('--'))?.slice(2);
      const short = o.flags.find((f) => !f.startsWith('--'))?.slice(1);
      const parts = [`complete -c wfctl -n ${at}`];
      if (long) parts.push(`-l '${fishEscape(long)}'`);
      if (short) parts.push(`-s '${fishEscape(short)}'`);
      if (o.value !== undefined) parts.push(o.value === 'file' ? '-r' : '-x', fishValue(o.value));
      parts.push(`-d '${fishEscape(o.description)}'`);
      lines.push(parts.filter(Boolean).join(' '));
    }
    s.args.forEach((a, i) => {
      const values = fishValue(a.value);
      if (values)
        lines.push(
          `complete -c wfctl -n '__wfctl_arg "${fishEscape(s.path)}" ${i + 1}${a.variadic ? '+' : ''}' ${values} -d '${fishEscape(a.description)}'`,
        );
    });
  }
  return `${lines.join('\n')}\n`;
}
