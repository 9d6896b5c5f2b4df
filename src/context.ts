/**
 * What every command receives: the streams, the environment, the resolved
 * connection settings and a lazily opened data source. Commands never read
 * globals; tests build a context around captured streams.
 */
import { hostname } from 'node:os';
import type { ConnectOptions, DataSource } from './data/core/connection.js';
import { SecretKeychain, redactUriPasswords } from './data/core/redact.js';
import { resolveConnectionConfig, type ConnectionConfig, type GlobalOptions } from './config.js';
import type { IOStreams } from './io.js';
import { USER_AGENT } from './version.js';
import type { Actor } from './data/core/types.js';
import { UsageError } from './errors.js';
import { quoteInput } from './quote.js';
import { Interrupts } from './interrupt.js';

export type { Actor } from './data/core/types.js';

export class CommandContext {
  readonly io: IOStreams;
  readonly keychain = new SecretKeychain();
  private globals: GlobalOptions = {};
  private resolved: ConnectionConfig | undefined;
  private ds: Promise<DataSource> | undefined;
  private fixedNow: Date | undefined;

  /** Ctrl-C: a command with something to clean up registers its stop here (interrupt.ts) */
  readonly interrupts: Interrupts;

  constructor(io: IOStreams, interrupts?: Interrupts) {
    this.io = io;
    // in-process (tests): no signal reaches it; "stopping..." would go to this command's stderr
    this.interrupts = interrupts ?? new Interrupts((text) => io.err(text), () => undefined);
  }

  get env() {
    return this.io.env;
  }

  get verbose(): boolean {
    return this.globals.verbose === true;
  }

  setGlobals(globals: GlobalOptions): void {
    this.globals = globals;
    this.resolved = undefined;
  }

  config(): ConnectionConfig {
    if (!this.resolved) {
      this.resolved = resolveConnectionConfig(this.globals, this.env);
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
      if (Number.isNaN(d.getTime())) throw new UsageError(`WFCTL_NOW=${quoteInput(text!)} is not an ISO-8601 time (e.g. 2025-06-15T12:00:00Z)`);
      this.fixedNow = d;
    }
    return this.fixedNow;
  }

  actor(): Actor {
    return { user: this.config().user, host: hostname(), userAgent: USER_AGENT };
  }

  /**
   * Opens the connection on first use; later calls share it. A command that
   * writes asks for `{ writes: true }`: its reads then go to the primary
   * whatever --read-preference or the URI say, since the write path decides
   * on what it reads (a lagging secondary would break the version invariants).
   */
  dataSource(options: { writes?: boolean } = {}): Promise<DataSource> {
    if (!this.ds) {
      const cfg = this.config();
      const readPreference = options.writes ? 'primary' : cfg.readPreference;
      this.debug(`connecting to ${redactUriPasswords(cfg.uri)} (from ${cfg.uriSource}), database ${cfg.dbName}${readPreference ? `, read preference ${readPreference}` : ''}`);
      this.ds = import('./data/core/connection.js').then(({ connect }) =>
        connect({
          uri: cfg.uri,
          dbName: cfg.dbName,
          timeoutMs: cfg.timeoutMs,
          maxTimeMs: cfg.maxTimeMs,
          retry: cfg.retry,
          keychain: this.keychain,
          ...(readPreference ? { readPreference: readPreference as NonNullable<ConnectOptions['readPreference']> } : {}),
          onRetry: (msg) => this.debug(msg),
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

  /** A warning on stderr, redacted. */
  warn(message: string): void {
    this.io.err(`warning: ${this.keychain.redact(message)}\n`);
  }

  async close(): Promise<void> {
    const ds = this.ds;
    this.ds = undefined;
    if (ds) await ds.then((d) => d.close()).catch(() => undefined);
  }
}
