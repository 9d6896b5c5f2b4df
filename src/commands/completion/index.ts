/** `wfctl completion bash|zsh|fish`, and the hidden helper the scripts call. */
import { Argument, Command } from 'commander';
import type { GlobalOptions } from '../../config.js';
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

/**
 * A TAB must not hang the shell: the helper gives all of its work at most a
 * budget of 0.9 s (WFCTL_COMPLETION_TIMEOUT, in seconds, for a slow link or
 * a loaded machine), the server selection and connect 7/9 of it, each query
 * 5/9, without retries.
 */
const DEFAULT_BUDGET_S = 0.9;

function completionBudget(env: NodeJS.ProcessEnv): number {
  const text = env.WFCTL_COMPLETION_TIMEOUT;
  const value = text && /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  // whatever does not parse keeps the default: a TAB says nothing on errors
  return value > 0 && value <= 60 ? value : DEFAULT_BUDGET_S;
}
/** newest versions offered after a workflow */
const VERSION_LIMIT = 50;
/**
 * Names that can be offered: one line of printable text that commander will not
 * take for an option. The scripts quote them as their shell does (spaces,
 * quotes, $ ...); a name with a control character is offered by its id only.
 */
const OFFERABLE_NAME = /^[^\u0000-\u001f\u007f-]\P{Cc}*$/u;

/**
 * Hidden: `wfctl [--uri U --db D ...] __complete workflows` prints one line per
 * workflow id, "<id>\t<name>", and one per name that names exactly one
 * workflow, "<name>\t<id>" (fish and zsh show what follows the tab as the
 * description; bash offers the words before it); `__complete versions <workflow>`
 * the version numbers of a workflow, newest first, then current and
 * current~1; `__complete contexts` the names of the configuration file's contexts. Whatever goes wrong (no server, a bad flag value, an unknown
 * workflow, too slow), it prints nothing, on stdout or stderr, and exits 0.
 */
export function completeHelperCommand(ctx: CommandContext): Command {
  return new Command('__complete')
    .argument('<what>', 'workflows | versions | contexts')
    .argument('[workflow]', 'for versions: the workflow')
    .action(async (what: string, workflow: string | undefined, _opts: unknown, cmd: Command) => {
      const globals = cmd.optsWithGlobals<GlobalOptions>();
      const budget = completionBudget(ctx.env);
      const connectLimit = (budget * 7) / 9;
      const queryLimit = (budget * 5) / 9;
      ctx.setGlobals({
        ...globals,
        timeout: Math.min(globals.timeout ?? connectLimit, connectLimit),
        maxTime: Math.min(globals.maxTime ?? queryLimit, queryLimit),
        retry: 'none',
        retries: 0,
        verbose: false,
      });
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<string[]>((resolve) => {
        timer = setTimeout(() => resolve([]), budget * 1000);
      });
      const found = await Promise.race([completionWords(ctx, what, workflow).catch(() => []), deadline]);
      clearTimeout(timer);
      if (found.length) ctx.io.out(`${found.join('\n')}\n`);
    });
}

async function completionWords(ctx: CommandContext, what: string, workflow: string | undefined): Promise<string[]> {
  // the configuration file's names, without a connection
  if (what === 'contexts') return ctx.configFile().contexts.map((c) => c.name);
  if (what === 'workflows') {
    const { listWorkflowIds } = await import('../../data/workflows/list.js');
    const workflows = await listWorkflowIds(await ctx.dataSource({ anyDatabase: true }), 5000);
    const named = new Map<string, number>();
    for (const w of workflows) if (w.name !== null) named.set(w.name, (named.get(w.name) ?? 0) + 1);
    const offerable = (name: string | null): name is string =>
      name !== null && name !== '' && OFFERABLE_NAME.test(name) && named.get(name) === 1;
    const lines: string[] = [];
    for (const w of workflows)
      lines.push(offerable(w.name) || (w.name && !/\p{Cc}/u.test(w.name)) ? `${w.id}\t${w.name}` : w.id);
    for (const w of workflows) if (offerable(w.name) && w.name !== w.id) lines.push(`${w.name}\t${w.id}`);
    return [...new Set(lines)];
  }
  if (what === 'versions' && workflow) {
    const [{ resolveWorkflow }, { listVersions }] = await Promise.all([
      import('../../data/core/workflow-ref.js'),
      import('../../data/versions/read.js'),
    ]);
    const ds = await ctx.dataSource({ anyDatabase: true });
    const { versions } = await listVersions(ds, (await resolveWorkflow(ds, workflow)).id, { limit: VERSION_LIMIT });
    const numbers = versions.map((v) => String(v.version));
    return [...numbers, ...(numbers.length > 0 ? ['current'] : []), ...(numbers.length > 1 ? ['current~1'] : [])];
  }
  return [];
}
