/**
 * Questions to a person. Never asked when stdin or stdout is not a terminal:
 * then the command fails with exit 2, naming the flag that gives the answer.
 */
import { UsageError } from './errors.js';
import type { IOStreams } from './io.js';

export interface PromptNeed {
  /** the flag that supplies the answer without a prompt, e.g. "--yes" */
  flag: string;
  /** what the answer is for, e.g. "confirm the rollback" */
  purpose: string;
}

export function assertCanPrompt(io: IOStreams, need: PromptNeed): void {
  if (!io.canPrompt) {
    throw new UsageError(`${need.purpose}: not asking, since stdin or stdout is not a terminal; pass ${need.flag}`);
  }
}

function streams(io: IOStreams) {
  return { input: io.stdin, output: io.stdout } as const;
}

export async function askConfirm(
  io: IOStreams,
  message: string,
  need: PromptNeed,
  defaultValue = false,
): Promise<boolean> {
  assertCanPrompt(io, need);
  const { confirm } = await import('@inquirer/prompts');
  return confirm({ message, default: defaultValue }, streams(io));
}

export async function askText(
  io: IOStreams,
  message: string,
  need: PromptNeed,
  validate?: (v: string) => true | string,
): Promise<string> {
  assertCanPrompt(io, need);
  const { input } = await import('@inquirer/prompts');
  return input({ message, ...(validate ? { validate } : {}) }, streams(io));
}

export async function askSelect<T>(
  io: IOStreams,
  message: string,
  choices: Array<{ name: string; value: T; description?: string; short?: string }>,
  need: PromptNeed,
): Promise<T> {
  assertCanPrompt(io, need);
  const { select } = await import('@inquirer/prompts');
  return select({ message, choices, pageSize: 15 }, streams(io));
}
