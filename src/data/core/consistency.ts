/**
 * The consistency-check contract: what `db doctor` runs and repairs. Each wing
 * that keeps an invariant exports a ConsistencyCheck (versions/checks.ts,
 * workflows/checks.ts); db/checks.ts lists them in order.
 */
import type { DataSource } from './connection.js';
import type { Actor } from './types.js';

export type Severity = 'ok' | 'info' | 'warning' | 'error';

export interface Finding {
  check: string;
  severity: Severity;
  message: string;
  /** what to do about it */
  fix?: string;
  /** machine-readable detail (workflow id, version numbers...) */
  data?: Record<string, unknown>;
  /** true when --repair can mend it */
  repairable?: boolean;
}

export interface RepairOutcome {
  check: string;
  message: string;
  data?: Record<string, unknown>;
}

export interface ConsistencyCheck {
  name: string;
  description: string;
  run(ds: DataSource): Promise<Finding[]>;
  /** Mends what run() found; must be safe to run twice and under concurrent writers. */
  repair?(ds: DataSource, findings: Finding[], actor: Actor): Promise<RepairOutcome[]>;
}
