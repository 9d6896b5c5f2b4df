/**
 * Shell completion scripts generated from the command tree (completion-spec.ts
 * reads the tree and decides what each value completes to), one writer per
 * shell: completion-bash.ts, completion-zsh.ts, completion-fish.ts.
 */
import type { Command } from 'commander';
import { bashScript } from './completion-bash.js';
import { fishScript } from './completion-fish.js';
import { collectSpecs, type Shell } from './completion-spec.js';
import { zshScript } from './completion-zsh.js';

export { collectSpecs, CONNECTION_FLAGS, SHELLS, type Shell, type ValueKind } from './completion-spec.js';

export function completionScript(program: Command, shell: Shell): string {
  const specs = collectSpecs(program);
  switch (shell) {
    case 'bash':
      return bashScript(specs);
    case 'zsh':
      return zshScript(specs);
    case 'fish':
      return fishScript(specs);
  }
}
