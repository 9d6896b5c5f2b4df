/**
 * The machine-output flags every read command shares: --json, and
 * --format csv where the result is a table.
 */
import { Option, type Command } from 'commander';

export type OutputFormat = 'table' | 'json' | 'csv';

export interface OutputFlags {
  json?: boolean;
  format?: string;
}

export function addOutputOptions(cmd: Command, options: { csv?: boolean; extraFormats?: string[] } = {}): Command {
  const formats = ['table', 'json', ...(options.csv ? ['csv'] : []), ...(options.extraFormats ?? [])];
  cmd.addOption(new Option('--json', 'print the result as JSON (shape documented in the README)'));
  cmd.addOption(new Option('--format <format>', 'output format').choices(formats).default('table'));
  return cmd;
}

/** --json wins over --format; "table" becomes tab-separated values when piped. */
export function outputFormat(flags: OutputFlags): OutputFormat | string {
  if (flags.json) return 'json';
  return flags.format ?? 'table';
}
