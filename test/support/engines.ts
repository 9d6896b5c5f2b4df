/**
 * The test engines by name, as WFCTL_TEST_ENGINE picks them (docs/testing.md):
 * `ferretdb1` (FerretDB 1.24 on SQLite, the default) and `ferretdb2` (FerretDB
 * 2.5 on PostgreSQL with DocumentDB). The audit export restart test keeps
 * its own FerretDB 1.24: on engine 2 it failed under load (the export finished
 * without meeting the restart), not yet understood.
 */
import { startFerretDb, type FerretDbServer } from './ferretdb.js';
import { startEngine2 } from './ferretdb2.js';

export const ENGINES: Record<string, () => Promise<FerretDbServer>> = {
  ferretdb1: () => startFerretDb(),
  ferretdb2: () => startEngine2(),
};

/** The engine WFCTL_TEST_ENGINE names; an unknown name is an error listing the known ones. */
export function selectedEngine(): string {
  const engine = process.env.WFCTL_TEST_ENGINE || 'ferretdb1';
  if (!ENGINES[engine])
    throw new Error(`WFCTL_TEST_ENGINE=${engine}: expected one of ${Object.keys(ENGINES).join(', ')}`);
  return engine;
}

/** Starts a fresh server of the run's engine, on free loopback ports. */
export function startTestEngine(): Promise<FerretDbServer> {
  return ENGINES[selectedEngine()]!();
}
