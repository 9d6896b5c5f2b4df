/**
 * wfctl's configuration file: named contexts (a target and its policies) and
 * a few settings. `$WFCTL_CONFIG`, else `$XDG_CONFIG_HOME/wfctl/config.yaml`
 * (`~/.config` when XDG_CONFIG_HOME is unset or not absolute, as the XDG base
 * directory spec says). Read and written with the `yaml` package, never by
 * hand: a write keeps the comments and the order of what it does not change.
 * Written atomically (atomic-file.ts), owner-only (0600).
 *
 * A file that holds a password (in a context's `uri`) and that group or
 * others can read is refused with the chmod that fixes it, as ssh refuses
 * such a key. A context may instead name a `uri-file`, read when it is used
 * (with the same rule, config.ts readUriFile).
 */
import { readFileSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { createRequire } from 'node:module';
import type { Document } from 'yaml';
import { OWNER_ONLY, writeFileAtomic } from './atomic-file.js';
import { UsageError, systemErrorWords } from './errors.js';
import type { Env } from './io.js';
import { redactUriPasswords } from './data/core/redact.js';
import { quoteInput } from './quote.js';
import { MIN_MAX_STALENESS_SECONDS, READ_PREFERENCES, parseTagSet } from './data/core/read-preference.js';

const requireCjs = createRequire(import.meta.url);
let yamlModule: typeof import('yaml') | undefined;
/** the yaml package, loaded when a file is read or written (about 30 ms): a command without a file never pays it */
function yaml(): typeof import('yaml') {
  return (yamlModule ??= requireCjs('yaml') as typeof import('yaml'));
}

export interface ContextEntry {
  name: string;
  /** the connection string (may hold a password: never printed) */
  uri?: string;
  /** a file holding the connection string, read when the context is used */
  uriFile?: string;
  db?: string;
  /** every write prints its target and asks for the context's name (or --context NAME --yes) */
  protected: boolean;
  /** approvals a change needs (0: none) */
  approvals: number;
  /** where read-only commands read (read-preference.ts): as --read-preference, --read-preference-tags, --max-staleness */
  readPreference?: string;
  readPreferenceTags?: string[];
  maxStaleness?: number;
}

export interface ConfigFile {
  path: string;
  /** false: no file at the path (nothing configured) */
  exists: boolean;
  currentContext?: string;
  contexts: ContextEntry[];
  /** the top-level `identity:` setting (`strict`), read for --identity */
  identity?: string;
}

/** A context's name: a plain word, safe in a shell line (`export WFCTL_CONTEXT=NAME`) and in completions. */
export const CONTEXT_NAME_RULE =
  'a context name is 1 to 63 letters, digits, _, . or -, starting with a letter or digit';
const CONTEXT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

export function isContextName(name: string): boolean {
  return CONTEXT_NAME.test(name);
}

/** Where the file is: $WFCTL_CONFIG, else $XDG_CONFIG_HOME/wfctl/config.yaml, else ~/.config/wfctl/config.yaml. */
export function configFilePath(env: Env): string {
  if (env.WFCTL_CONFIG !== undefined && env.WFCTL_CONFIG !== '') return env.WFCTL_CONFIG;
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg !== undefined && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), '.config');
  return join(base, 'wfctl', 'config.yaml');
}

/** The file's text and mode; undefined when there is none. */
function readText(path: string): { text: string; mode: number } | undefined {
  try {
    const mode = statSync(path).mode;
    return { text: readFileSync(path, 'utf8'), mode };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new UsageError(`cannot read the configuration file ${quoteInput(path)}: ${systemErrorWords(err)}`);
  }
}

function parse(path: string, text: string): Document {
  const doc = yaml().parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    // the parser's message quotes the line, which may hold a password: only where it is
    const e = doc.errors[0]!;
    const at = ` at line ${text.slice(0, e.pos[0]).split('\n').length}`;
    throw new UsageError(`the configuration file ${quoteInput(path)} is not valid YAML${at} (${e.code})`);
  }
  if (doc.contents !== null && !yaml().isMap(doc.contents))
    throw new UsageError(`the configuration file ${quoteInput(path)} should hold a map (current-context:, contexts:)`);
  return doc;
}

/** Reads and checks the file (none: an empty configuration). Exit 2 for a malformed or too-open file. */
export function readConfigFile(env: Env): ConfigFile {
  const path = configFilePath(env);
  const found = readText(path);
  if (!found) return { path, exists: false, contexts: [] };
  const doc = parse(path, found.text);
  const file = fromDocument(path, doc);
  refuseOpenPassword(file, found.mode);
  return file;
}

function refuseOpenPassword(file: ConfigFile, mode: number): void {
  const holdsPassword = file.contexts.some((c) => c.uri !== undefined && redactUriPasswords(c.uri) !== c.uri);
  if (holdsPassword && (mode & 0o077) !== 0) {
    throw new UsageError(
      `the configuration file ${quoteInput(file.path)} holds a password and other users can read it (mode ${(mode & 0o777).toString(8).padStart(4, '0')})`,
      { hint: `chmod 600 ${quoteInput(file.path)}` },
    );
  }
}

function fromDocument(path: string, doc: Document): ConfigFile {
  const data = (doc.toJS() ?? {}) as Record<string, unknown>;
  const bad = (what: string) =>
    new UsageError(`the configuration file ${quoteInput(path)}: ${what}`, {
      hint: 'see docs/configuration.md (Contexts), or fix it with wfctl context add/remove',
    });
  const text = (v: unknown, key: string): string | undefined => {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string' || v === '') throw bad(`${key} should be a non-empty string`);
    return v;
  };
  const contexts: ContextEntry[] = [];
  const raw = data.contexts ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw bad('contexts should be a map of names to contexts');
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!isContextName(name)) throw bad(`context ${quoteInput(name)}: ${CONTEXT_NAME_RULE}`);
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw bad(`context ${name} should be a map (uri:, db:, protected:, approvals:)`);
    const v = value as Record<string, unknown>;
    const uri = text(v.uri, `contexts.${name}.uri`);
    const named = text(v['uri-file'], `contexts.${name}.uri-file`);
    // a relative path is the configuration folder's, wherever wfctl runs
    const uriFile = named === undefined || isAbsolute(named) ? named : join(dirname(path), named);
    if ((uri === undefined) === (uriFile === undefined))
      throw bad(`context ${name} needs one of uri: and uri-file: (not both)`);
    const approvals = v.approvals ?? 0;
    if (typeof approvals !== 'number' || !Number.isInteger(approvals) || approvals < 0 || approvals > 100)
      throw bad(`contexts.${name}.approvals should be a whole number from 0 to 100`);
    if (v.protected !== undefined && typeof v.protected !== 'boolean')
      throw bad(`contexts.${name}.protected should be true or false`);
    const db = text(v.db, `contexts.${name}.db`);
    contexts.push({
      name,
      ...(uri !== undefined ? { uri } : {}),
      ...(uriFile !== undefined ? { uriFile } : {}),
      ...(db !== undefined ? { db } : {}),
      protected: v.protected === true,
      approvals,
      ...readsOf(v, `contexts.${name}`, bad),
    });
  }
  const current = text(data['current-context'], 'current-context');
  const identity = text(data.identity, 'identity');
  return {
    path,
    exists: true,
    contexts,
    ...(current !== undefined ? { currentContext: current } : {}),
    ...(identity !== undefined ? { identity } : {}),
  };
}

/** A context's read preference keys, checked as the flags check them. */
function readsOf(
  v: Record<string, unknown>,
  at: string,
  bad: (what: string) => UsageError,
): Pick<ContextEntry, 'readPreference' | 'readPreferenceTags' | 'maxStaleness'> {
  const mode = v['read-preference'];
  if (mode !== undefined && !(READ_PREFERENCES as readonly unknown[]).includes(mode))
    throw bad(`${at}.read-preference should be one of ${READ_PREFERENCES.join(', ')}`);
  const raw = v['read-preference-tags'];
  const tags = raw === undefined ? undefined : Array.isArray(raw) ? raw : [raw];
  if (tags?.some((t) => typeof t !== 'string'))
    throw bad(`${at}.read-preference-tags should be a tag set (dc:east,use:analytics) or a list of them`);
  try {
    for (const t of tags ?? []) parseTagSet(t as string);
  } catch (err) {
    throw bad(`${at}.${(err as Error).message}`);
  }
  const staleness = v['max-staleness'];
  if (
    staleness !== undefined &&
    (typeof staleness !== 'number' || !Number.isInteger(staleness) || staleness < MIN_MAX_STALENESS_SECONDS)
  )
    throw bad(`${at}.max-staleness should be a whole number of seconds of at least ${MIN_MAX_STALENESS_SECONDS}`);
  return {
    ...(typeof mode === 'string' ? { readPreference: mode } : {}),
    ...(tags ? { readPreferenceTags: tags as string[] } : {}),
    ...(typeof staleness === 'number' ? { maxStaleness: staleness } : {}),
  };
}

/** A context of the file by name; an unknown name is exit 2 naming the ones there are. */
export function contextNamed(file: ConfigFile, name: string, from: string): ContextEntry {
  const found = file.contexts.find((c) => c.name === name);
  if (found) return found;
  const known = file.contexts.map((c) => c.name);
  throw new UsageError(
    `no context ${quoteInput(name)} (from ${from}) in ${quoteInput(file.path)}${known.length ? `; there are: ${known.join(', ')}` : ': it has no contexts'}`,
    { hint: 'wfctl context list; wfctl context add NAME --uri URI' },
  );
}

/**
 * Changes the file: `edit` gets the parsed document (comments kept) and changes it; the
 * result is written atomically with mode 0600, its folder created (0700) when missing.
 */
export async function updateConfigFile(env: Env, edit: (doc: Document) => void): Promise<ConfigFile> {
  const path = configFilePath(env);
  const found = readText(path);
  const doc = found ? parse(path, found.text) : yaml().parseDocument('');
  if (found) refuseOpenPassword(fromDocument(path, doc), found.mode);
  if (!yaml().isMap(doc.contents)) doc.contents = doc.createNode({}) as typeof doc.contents;
  edit(doc);
  const updated = fromDocument(path, doc);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFileAtomic(path, doc.toString(), { mode: OWNER_ONLY, label: 'the configuration file' });
  return updated;
}

/** The context entry as the file keeps it (kebab-case keys, defaults left out). */
export function contextNode(entry: ContextEntry): Record<string, unknown> {
  return {
    ...(entry.uri !== undefined ? { uri: entry.uri } : {}),
    ...(entry.uriFile !== undefined ? { 'uri-file': entry.uriFile } : {}),
    ...(entry.db !== undefined ? { db: entry.db } : {}),
    ...(entry.protected ? { protected: true } : {}),
    ...(entry.approvals > 0 ? { approvals: entry.approvals } : {}),
    ...(entry.readPreference !== undefined ? { 'read-preference': entry.readPreference } : {}),
    ...(entry.readPreferenceTags !== undefined ? { 'read-preference-tags': entry.readPreferenceTags } : {}),
    ...(entry.maxStaleness !== undefined ? { 'max-staleness': entry.maxStaleness } : {}),
  };
}

/** Whether the document's `contexts` map has this name. */
export function hasContext(doc: Document, name: string): boolean {
  const contexts = doc.get('contexts');
  return yaml().isMap(contexts) && contexts.items.some((p) => yaml().isScalar(p.key) && p.key.value === name);
}
