/** `wfctl completion bash|zsh|fish`, and the hidden helper the scripts call. */
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

/** Hidden: `wfctl __complete workflows` prints workflow ids, and names without blanks, for the completion scripts. */
export function completeHelperCommand(ctx: CommandContext): Command {
  const cmd = new Command('__complete').argument('<what>', 'workflows').action(async (what: string) => {
    if (what !== 'workflows') return;
    const { listWorkflowIds } = await import('../../data/workflows.js');
    const seen = new Set<string>();
    for (const w of await listWorkflowIds(await ctx.dataSource(), 5000)) {
      for (const word of [w.id, w.name]) {
        if (word && !/\s/.test(word) && !seen.has(word)) {
          seen.add(word);
          ctx.io.out(`${word}\n`);
        }
      }
    }
  });
  return cmd;
}
