/**
 * What every command receives: the streams, the environment, the resolved
 * connection settings and a lazily opened data source. Commands never read
 * globals; tests build a context around captured streams.
 */
import { hostname } from 'node:os';
import type { ConnectOptions, DataSource } from './data/core/connection.js';
import { SecretKeychain, redactUriPasswords } from './data/core/redact.js';
import { describeReadPreference } from './data/core/read-preference.js';
import { resolveConnectionConfig, type ConnectionConfig, type GlobalOptions } from './config.js';
import { quietStreams, type IOStreams } from './io.js';
import { USER_AGENT } from './version.js';
import type { Actor } from './data/core/types.js';
import type { ActingIdentity } from './data/core/identity.js';
import { UsageError } from './errors.js';
import { quoteInput } from './quote.js';
import { Interrupts } from './interrupt.js';
import { readConfigFile, type ConfigFile } from './config-file.js';
import { checkExpectedContext, guardProtectedWrite } from './protected-target.js';

export type { Actor } from './data/core/types.js';

export class CommandContext {
  private streams: IOStreams;
  readonly keychain = new SecretKeychain();
  private globals: GlobalOptions = {};
  private resolved: ConnectionConfig | undefined;
  private ds: Promise<DataSource> | undefined;
  private backendChecked: Promise<void> | undefined;
  private fixedNow: Date | undefined;
  private warnedUriPassword = false;
  private acting: Promise<ActingIdentity> | undefined;
  private writeGuard: Promise<void> | undefined;

  /** Ctrl-C: a command with something to clean up registers its stop here (interrupt.ts) */
  readonly interrupts: Interrupts;

  constructor(io: IOStreams, interrupts?: Interrupts) {
    this.streams = io;
    // in-process (tests): no signal reaches it; "stopping..." would go to this command's stderr
    this.interrupts =
      interrupts ??
      new Interrupts(
        (text) => io.err(text),
        () => undefined,
      );
  }

  /** The streams; under --quiet (known once the line is parsed) without the chatter. */
  get io(): IOStreams {
    return this.streams;
  }

  get env() {
    return this.io.env;
  }

  get verbose(): boolean {
    return this.globals.verbose === true;
  }

  setGlobals(globals: GlobalOptions): void {
    if (globals.quiet === true && globals.verbose === true)
      throw new UsageError('--quiet and --verbose ask for opposite things; give one of them');
    this.globals = globals;
    this.resolved = undefined;
    this.acting = undefined;
    if (globals.quiet === true && !this.streams.quiet) this.streams = quietStreams(this.streams);
    if (globals.expectContext !== undefined) {
      checkExpectedContext(this.config(), globals.expectContext);
    }
  }

  /**
   * Once per run: a password given with --uri was readable by every user in the process list
   * (main.ts takes it out of the process title as it starts; the person should know it was there).
   */
  warnIfUriPassword(): void {
    const uri = this.globals.uri;
    // a padded string is refused by config() with one line; the warning would be a second
    if (uri === undefined || uri.trim() !== uri || redactUriPasswords(uri) === uri || this.warnedUriPassword) return;
    this.warnedUriPassword = true;
    this.warn(
      'the password in --uri is visible to other users in the process list while wfctl starts; use WFCTL_MONGODB_URI or --uri-file (a file only you can read) instead',
    );
  }

  /** The global --user is --as's old spelling: it still works for one release, with a note. */
  warnIfDeprecatedUser(): void {
    // with --as too, config() refuses the line in one line; a note would be a second
    if (this.globals.user === undefined || this.globals.as !== undefined) return;
    this.warn(
      'the global --user (the acting user) is now --as; --user before the command goes away in the next release (after an audit verb, --user stays the filter)',
    );
  }

  /** The configuration file (contexts), read and checked; every password in it registered for redaction. */
  configFile(): ConfigFile {
    const file = readConfigFile(this.env);
    for (const c of file.contexts) if (c.uri !== undefined) this.keychain.registerUri(c.uri);
    return file;
  }

  /** The global options of this call, as parsed. */
  get globalOptions(): Readonly<GlobalOptions> {
    return this.globals;
  }

  config(): ConnectionConfig {
    if (!this.resolved) {
      this.resolved = resolveConnectionConfig(this.globals, this.env, this.configFile());
      this.keychain.registerUri(this.resolved.uri);
    }
    return this.resolved;
  }

  /**
   * "Now" for every window and every relative time (--since 7d): WFCTL_NOW
   * (reproducible reports and tests) or the clock, read once per command.
   * Writes and exports stamp their records with the clock (and the server's).
   */
  now(): Date {
    if (!this.fixedNow) {
      const text = this.env.WFCTL_NOW;
      const d = text ? new Date(text) : new Date();
      if (Number.isNaN(d.getTime()))
        throw new UsageError(`WFCTL_NOW=${quoteInput(text!)} is not an ISO-8601 time (e.g. 2025-06-15T12:00:00Z)`);
      this.fixedNow = d;
    }
    return this.fixedNow;
  }

  /** The declared user only, for what a command shows before it writes; writes use writeActor(). */
  actor(): Actor {
    return { user: this.config().user, host: hostname(), userAgent: USER_AGENT };
  }

  /**
   * Who acts, asked of the server once per command and only by a command that writes (reads pay no
   * round trip): the declared user and the authenticated one, held against each other by the
   * identity mode (decideIdentity: strict refuses, exit 2, before anything is written).
   */
  identity(): Promise<ActingIdentity> {
    if (!this.acting) {
      const cfg = this.config();
      this.acting = (async () => {
        const ds = await this.open(true);
        const { connectionIdentity, decideIdentity } = await import('./data/core/identity.js');
        const users = await connectionIdentity(ds);
        const who = decideIdentity(
          { mode: cfg.identity, modeSource: cfg.identitySource, declared: cfg.user, declaredSource: cfg.userSource },
          users,
          ds.dbName,
        );
        this.debug(`authenticated database user: ${who.authenticated ?? 'none'}`);
        return who;
      })();
      // a failed connect may be retried by a later call
      this.acting.catch(() => {
        this.acting = undefined;
      });
    }
    return this.acting;
  }

  /** The actor of a write: the declared user and, when the connection authenticated, the database user. */
  async writeActor(): Promise<Actor> {
    const who = await this.identity();
    return { user: who.declared, authenticatedUser: who.authenticated, host: hostname(), userAgent: USER_AGENT };
  }

  /**
   * Opens the connection on first use; later calls share it.
   *
   * The one rule of where reads go: a command that writes (`{ writes: true }`:
   * versions create, rollback and its --dry-run, requests, holds, archive,
   * erase, db indexes --apply, db doctor --repair) or that judges the stored
   * state (`{ primary: true }`: db doctor) reads the primary, whatever
   * --read-preference, its tags, --max-staleness, the context or the URI say:
   * it decides on what it reads, and a lagging secondary would break the
   * version invariants or report findings that are not there. Every other
   * command reads where the read preference says (docs/scaling.md).
   * Before the first use the database is checked, once, to hold at least one
   * of the backend's collections (a mistyped --db is exit 1, not "nothing
   * found"); `{ anyDatabase: true }` skips that for the commands that must
   * work on any database (db doctor reports it, db indexes decides, shell
   * completion stays silent and fast).
   */
  async dataSource(options: { writes?: boolean; primary?: boolean; anyDatabase?: boolean } = {}): Promise<DataSource> {
    // a protected context's writes: its target on stderr, and consent for this target (protected-target.ts)
    if (options.writes === true) {
      this.writeGuard ??= guardProtectedWrite(this.io, this.config(), {
        yes: this.globals.yes === true,
        dryRun: this.globals.dryRun === true,
      });
      await this.writeGuard;
    }
    const ds = await this.open(options.writes === true || options.primary === true);
    if (options.anyDatabase !== true) {
      this.backendChecked ??= this.checkBackendDatabase(ds);
      await this.backendChecked;
    }
    return ds;
  }

  private async checkBackendDatabase(ds: DataSource): Promise<void> {
    const { requireBackendDatabase } = await import('./data/core/backend-database.js');
    const source = this.config().dbSource;
    const from =
      source === 'uri'
        ? "the connection string's path"
        : source === 'default'
          ? "wfctl's default (no --db, WFCTL_DB, DB_NAME or database in the URI)"
          : source;
    await requireBackendDatabase(
      ds,
      `the name came from ${from}: name the backend's database with --db; a new database: wfctl db indexes --apply --new-database`,
    );
  }

  private open(primaryOnly: boolean): Promise<DataSource> {
    if (!this.ds) {
      const cfg = this.config();
      const readPreference = primaryOnly ? 'primary' : cfg.readPreference;
      this.debug(
        `connecting to ${redactUriPasswords(cfg.uri)} (from ${cfg.uriSource}), database ${cfg.dbName}${readPreference ? `, read preference ${readPreference}` : ''}`,
      );
      this.ds = import('./data/core/connection.js').then(({ connect }) =>
        connect({
          uri: cfg.uri,
          dbName: cfg.dbName,
          timeoutMs: cfg.timeoutMs,
          maxTimeMs: cfg.maxTimeMs,
          retry: cfg.retry,
          pipelines: cfg.pipelines,
          keychain: this.keychain,
          ...(readPreference
            ? { readPreference: readPreference as NonNullable<ConnectOptions['readPreference']> }
            : {}),
          reads: primaryOnly
            ? { primaryOnly: true }
            : {
                ...(cfg.readPreferenceTags ? { tags: cfg.readPreferenceTags } : {}),
                ...(cfg.maxStalenessSeconds !== undefined ? { maxStalenessSeconds: cfg.maxStalenessSeconds } : {}),
              },
          onRetry: (msg) => this.debug(msg),
          onDebug: (msg) => this.debug(msg),
        }).then((ds) => {
          // what the driver ended with, the connection string's options included
          this.debug(`reads go to: ${describeReadPreference(ds.readPreference)}`);
          return ds;
        }),
      );
      // a failed connect may be retried by a later call
      this.ds.catch(() => {
        this.ds = undefined;
      });
    }
    return this.ds;
  }

  /** A --verbose line on stderr, redacted. */
  debug(message: string): void {
    if (this.verbose) this.io.err(`wfctl: ${this.keychain.redact(message)}\n`);
  }

  /** A warning on stderr, redacted; a note, so --quiet drops it (a warning is not a failure). */
  warn(message: string): void {
    this.io.note(`warning: ${this.keychain.redact(message)}\n`);
  }

  async close(): Promise<void> {
    const ds = this.ds;
    this.ds = undefined;
    if (ds) await ds.then((d) => d.close()).catch(() => undefined);
  }
}
