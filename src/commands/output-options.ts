/**
 * The machine-output flags every read command shares: --json, and
 * --format csv (with --bom) where the result is a table.
 */
import { Option, type Command } from 'commander';
import { UsageError } from '../errors.js';
import { UTF8_BOM } from '../data/core/csv.js';

export type OutputFormat = 'table' | 'json' | 'csv';

/** How every <workflow> argument is described in --help. */
export const WORKFLOW_ARG =
  'workflow id, a unique id prefix (6+ hex characters), or its name when exactly one workflow has it (in any case, when that is unique)';

export interface OutputFlags {
  json?: boolean;
  format?: string;
  /** false with --no-trunc */
  trunc?: boolean;
  /** --bom (commands with --format csv) */
  bom?: boolean;
}

export function addOutputOptions(cmd: Command, options: { csv?: boolean; extraFormats?: string[] } = {}): Command {
  const formats = ['table', 'wide', 'json', ...(options.csv ? ['csv'] : []), ...(options.extraFormats ?? [])];
  cmd.addOption(new Option('--json', 'print the result as JSON (shape documented in docs/)'));
  cmd.addOption(
    new Option(
      '-o, --format <format>',
      'output format; wide: tables with every cell whole and every column, whatever the terminal width',
    )
      .choices(formats)
      .default('table'),
  );
  cmd.addOption(new Option('--no-trunc', 'tables: print every cell whole (the same as -o wide)'));
  if (options.csv)
    cmd.addOption(new Option('--bom', 'with --format csv: start with a UTF-8 byte order mark (for Excel)'));
  // two different formats asked for: say so before any work, rather than pick one silently
  cmd.hook('preAction', (_parent, action) => {
    const flags = action.opts<OutputFlags>();
    const { json, format, bom } = flags;
    if (json && action.getOptionValueSource('format') === 'cli' && format !== 'json') {
      throw new UsageError(`--json and --format ${String(format)} ask for two formats; give one`, {
        hint: `use --json, or --format ${String(format)} alone`,
      });
    }
    if (bom && outputFormat(flags) !== 'csv')
      throw new UsageError('--bom applies to --format csv only', { hint: 'add --format csv, or leave out --bom' });
    // first on stdout, before the command's CSV (written in one piece or a page at a time); commander's
    // writeOut is the command's stdout (cli.ts routes it to io.out)
    if (bom) action.configureOutput().writeOut?.(UTF8_BOM);
  });
  return cmd;
}

/** --json, or --format; "table" becomes tab-separated values when piped; "wide" is a table (wideTables says how). */
export function outputFormat(flags: OutputFlags): OutputFormat | string {
  if (flags.json) return 'json';
  if (flags.format === 'wide') return 'table';
  return flags.format ?? 'table';
}

/** -o wide or --no-trunc: tables print every cell whole (IOStreams.wideTables). */
export function wideTablesAsked(flags: OutputFlags): boolean {
  return flags.format === 'wide' || flags.trunc === false;
}

export interface JsonFormatFlags {
  jsonFormat?: 'relaxed' | 'canonical';
}

/**
 * --json-format: how stored documents are written as MongoDB Extended JSON,
 * as mongoexport's --jsonFormat: relaxed (numbers and dates as people read
 * them, every type kept but an int64 small enough for an int32) or canonical
 * (every value with its type spelled out).
 */
export function addJsonFormatOption(cmd: Command, what = 'stored documents in --json output'): Command {
  return cmd.addOption(
    new Option('--json-format <mode>', `Extended JSON of ${what}: relaxed, or canonical (every BSON type spelled out)`)
      .choices(['relaxed', 'canonical'])
      .default('relaxed'),
  );
}

/** -y/--yes of a write verb: a protected context's guard (protected-target.ts) reads it instead of asking. */
export const PROTECTED_YES = [
  '-y, --yes',
  'on a protected context: do not ask for its name (needs --context NAME or WFCTL_CONTEXT)',
] as const;
