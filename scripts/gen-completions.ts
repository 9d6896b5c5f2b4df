/** Writes completions/wfctl.{bash,zsh,fish} from the command tree. `npm run completions`. */
import { writeFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { buildProgram } from '../src/cli.js';
import { CommandContext } from '../src/context.js';
import { createIOStreams } from '../src/io.js';
import { completionScript, SHELLS } from '../src/render/completion.js';

export function completionFiles(): Record<string, string> {
  const io = createIOStreams({
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    stdin: new PassThrough(),
    env: {},
  });
  const program = buildProgram(new CommandContext(io));
  return Object.fromEntries(SHELLS.map((shell) => [`completions/wfctl.${shell}`, completionScript(program, shell)]));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [path, text] of Object.entries(completionFiles())) {
    writeFileSync(new URL(`../${path}`, import.meta.url), text);
    process.stdout.write(`wrote ${path}\n`);
  }
}
