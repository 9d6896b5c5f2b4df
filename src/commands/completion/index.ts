/** `wfctl completion bash|zsh|fish`; the hidden helper the scripts call is in complete-helper.ts. */
import { Argument, Command } from 'commander';
import type { CommandContext } from '../../context.js';

export function completionCommand(ctx: CommandContext): Command {
  const group = new Command('completion')
    .description('print the shell completion script for bash, zsh or fish')
    .addArgument(new Argument('<shell>', 'shell').choices(['bash', 'zsh', 'fish']))
    .addHelpText(
      'after',
      `
Install:
  bash  wfctl completion bash > /etc/bash_completion.d/wfctl   (or: source <(wfctl completion bash))
  zsh   wfctl completion zsh > "\${fpath[1]}/_wfctl"
  fish  wfctl completion fish > ~/.config/fish/completions/wfctl.fish
`,
    )
    .action(async (shell: 'bash' | 'zsh' | 'fish', _opts: unknown, cmd: Command) => {
      const { completionScript } = await import('../../render/completion.js');
      const root = cmd.parent ?? cmd;
      ctx.io.out(completionScript(root, shell));
    });
  return group;
}

export { completeHelperCommand } from './complete-helper.js';
