/**
 * The context verbs' work on the configuration file (config-file.ts): each
 * returns what it did or found, never prints (print.ts does). A password is
 * never part of a result: URIs come out redacted.
 */
import { resolve } from 'node:path';
import type { CommandContext } from '../../context.js';
import {
  contextNamed,
  contextNode,
  hasContext,
  updateConfigFile,
  type ConfigFile,
  type ContextEntry,
} from '../../config-file.js';
import { DEFAULT_DB, readUriFile, resolveConnectionConfig, selectedContext, uriDatabase } from '../../config.js';
import { redactUriPasswords } from '../../data/core/redact.js';
import { UsageError } from '../../errors.js';
import { uriHosts } from '../../protected-target.js';

export interface ContextView {
  name: string;
  /** the context a command here would use */
  current: boolean;
  /** the connection string, password replaced by **** (null with uri-file) */
  uri: string | null;
  uriFile: string | null;
  /** the hosts, null when the uri-file cannot be read */
  host: string | null;
  database: string;
  protected: boolean;
  approvals: number;
  /** where read-only commands read, from the context's keys (null: the connection string's, else primary) */
  readPreference: string | null;
  readPreferenceTags: string[] | null;
  maxStaleness: number | null;
}

export interface ContextListResult {
  configFile: string;
  /** the context in use here, and what chose it (--context, WFCTL_CONTEXT, current-context) */
  current: string | null;
  currentFrom: string | null;
  /** the file's current-context */
  currentContext: string | null;
  /** a connection variable of the environment that wins over the file's current-context */
  overriddenBy: string | null;
  contexts: ContextView[];
}

const URI_VARIABLES = ['WFCTL_MONGODB_URI', 'WFCTL_MONGODB_URI_FILE', 'MONGODB_URI', 'MONGO_URL'] as const;

function view(entry: ContextEntry, current: boolean): ContextView {
  let uri: string | undefined = entry.uri;
  if (uri === undefined) {
    try {
      uri = readUriFile(entry.uriFile!, 'uri-file');
    } catch {
      uri = undefined; // an unreadable file is said when the context is used
    }
  }
  return {
    name: entry.name,
    current,
    uri: entry.uri !== undefined ? redactUriPasswords(entry.uri) : null,
    uriFile: entry.uriFile ?? null,
    host: uri !== undefined ? uriHosts(uri) : null,
    database: entry.db ?? (uri !== undefined ? uriDatabase(uri) : undefined) ?? DEFAULT_DB,
    protected: entry.protected,
    approvals: entry.approvals,
    readPreference: entry.readPreference ?? null,
    readPreferenceTags: entry.readPreferenceTags ?? null,
    maxStaleness: entry.maxStaleness ?? null,
  };
}

function selection(ctx: CommandContext, file: ConfigFile) {
  return selectedContext(ctx.globalOptions, ctx.env, file);
}

export function runContextList(ctx: CommandContext): ContextListResult {
  const file = ctx.configFile();
  const chosen = selection(ctx, file);
  const overriddenBy =
    file.currentContext !== undefined && !chosen ? (URI_VARIABLES.find((v) => ctx.env[v]) ?? null) : null;
  return {
    configFile: file.path,
    current: chosen?.name ?? null,
    currentFrom: chosen?.label ?? null,
    currentContext: file.currentContext ?? null,
    overriddenBy,
    contexts: file.contexts.map((c) => view(c, c.name === chosen?.name)),
  };
}

export function runContextShow(ctx: CommandContext, name: string | undefined): ContextView & { configFile: string } {
  const file = ctx.configFile();
  const chosen = selection(ctx, file);
  const wanted = name ?? chosen?.name;
  if (wanted === undefined) {
    throw new UsageError(
      `no context is in use here (no --context, WFCTL_CONTEXT or current-context${file.currentContext !== undefined ? ' that the environment leaves in force' : ''}); name one`,
      { hint: 'wfctl context show NAME; wfctl context list' },
    );
  }
  const entry = contextNamed(file, wanted, name !== undefined ? 'the command line' : chosen!.label);
  return { ...view(entry, entry.name === chosen?.name), configFile: file.path };
}

export interface ContextAddInput {
  name: string;
  protected: boolean;
  approvals: number;
  overwrite: boolean;
}

/** Adds (or with --overwrite replaces) a context from the global --uri or --uri-file and --db. */
export async function runContextAdd(
  ctx: CommandContext,
  input: ContextAddInput,
): Promise<{ context: ContextView; replaced: boolean; configFile: string }> {
  const { uri, uriFile, db, readPreference, readPreferenceTags, maxStaleness } = ctx.globalOptions;
  if ((uri === undefined) === (uriFile === undefined)) {
    throw new UsageError(
      uri === undefined
        ? 'context add needs the connection string: --uri URI or --uri-file PATH'
        : '--uri and --uri-file both give the connection string; give one of them',
      {
        hint: `wfctl context add ${input.name} --uri-file ~/.config/wfctl/${input.name}.uri (a file only you can read)`,
      },
    );
  }
  const entry: ContextEntry = {
    name: input.name,
    ...(uri !== undefined ? { uri } : { uriFile: resolve(uriFile!) }),
    ...(db !== undefined ? { db } : {}),
    protected: input.protected,
    approvals: input.approvals,
    // where its read-only commands read, as the global flags give it
    ...(readPreference !== undefined ? { readPreference } : {}),
    ...(readPreferenceTags !== undefined ? { readPreferenceTags } : {}),
    ...(maxStaleness !== undefined ? { maxStaleness } : {}),
  };
  // the same checks as when it is used: a connection string, a database name, a file only its owner reads
  const text = uri ?? readUriFile(entry.uriFile!, '--uri-file');
  ctx.keychain.registerUri(text);
  resolveConnectionConfig({ uri: text, ...(db !== undefined ? { db } : {}) }, {});
  let replaced = false;
  const file = await updateConfigFile(ctx.env, (doc) => {
    replaced = hasContext(doc, input.name);
    if (replaced && !input.overwrite)
      throw new UsageError(`context ${input.name} exists; nothing was changed`, {
        hint: `wfctl context add ${input.name} ... --overwrite replaces it; wfctl context show ${input.name}`,
      });
    doc.setIn(['contexts', input.name], doc.createNode(contextNode(entry)));
  });
  return { context: view(contextNamed(file, input.name, 'the command line'), false), replaced, configFile: file.path };
}

export async function runContextUse(
  ctx: CommandContext,
  name: string,
): Promise<{ name: string; previous: string | null; shadowedBy: string | null }> {
  let previous: string | null = null;
  await updateConfigFile(ctx.env, (doc) => {
    if (!hasContext(doc, name)) throw missing(ctx, name);
    const was = doc.get('current-context');
    previous = typeof was === 'string' ? was : null;
    doc.set('current-context', name);
  });
  const shadowedBy =
    ctx.env.WFCTL_CONTEXT && ctx.env.WFCTL_CONTEXT !== name
      ? 'WFCTL_CONTEXT'
      : !ctx.env.WFCTL_CONTEXT
        ? (URI_VARIABLES.find((v) => ctx.env[v]) ?? null)
        : null;
  return { name, previous, shadowedBy };
}

/** --shell: nothing written; the line that selects the context in this shell only. */
export function runContextUseShell(ctx: CommandContext, name: string): string {
  contextNamed(ctx.configFile(), name, 'the command line');
  return `export WFCTL_CONTEXT=${name}\n`;
}

export async function runContextRemove(
  ctx: CommandContext,
  name: string,
): Promise<{ name: string; wasCurrent: boolean }> {
  let wasCurrent = false;
  await updateConfigFile(ctx.env, (doc) => {
    if (!hasContext(doc, name)) throw missing(ctx, name);
    doc.deleteIn(['contexts', name]);
    if (doc.get('current-context') === name) {
      wasCurrent = true;
      doc.delete('current-context');
    }
  });
  return { name, wasCurrent };
}

function missing(ctx: CommandContext, name: string): UsageError {
  try {
    contextNamed(ctx.configFile(), name, 'the command line');
  } catch (err) {
    return err as UsageError;
  }
  return new UsageError(`no context ${name}`);
}
