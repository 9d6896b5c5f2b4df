/**
 * Vitest global setup: one server for the whole run. WFCTL_TEST_ENGINE picks
 * the engine started here: `ferretdb1` (FerretDB 1.24 on SQLite, the default)
 * or `ferretdb2` (FerretDB 2.5 on PostgreSQL with DocumentDB, ferretdb2.ts);
 * WFCTL_TEST_MONGODB_URI names a server to use instead (a real MongoDB).
 */
import type { TestProject } from 'vitest/node';
import { randomBytes } from 'node:crypto';
import { startFerretDb, type FerretDbServer } from './ferretdb.js';
import { selectedEngine, startTestEngine } from './engines.js';
import { ensurePythonVenv } from './python.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
    /** true when the tests started the server themselves (restart tests need that) */
    ownServer: boolean;
    serverPort: number;
    /** a second FerretDB with SCRAM authentication on (no credentials in the URI) */
    authMongoUri: string;
    /** its first user, in `admin`, who may create others (test/support/auth-db.ts) */
    authAdminUser: string;
    authAdminPassword: string;
  }
}

let server: FerretDbServer | undefined;
let authServer: FerretDbServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  selectedEngine(); // an unknown name fails before anything starts
  ensurePythonVenv();
  // Identity tests need a server that authenticates: always our own FerretDB
  // with SCRAM on, beside whichever server the rest of the suite uses.
  const admin = { user: 'wfctl-test-root', password: randomBytes(12).toString('hex') };
  authServer = await startFerretDb({ auth: admin });
  project.provide('authMongoUri', authServer.uri);
  project.provide('authAdminUser', admin.user);
  project.provide('authAdminPassword', admin.password);
  const external = process.env.WFCTL_TEST_MONGODB_URI;
  if (external) {
    project.provide('mongoUri', external);
    project.provide('ownServer', false);
    project.provide('serverPort', 0);
    return;
  }
  server = await startTestEngine();
  project.provide('mongoUri', server.uri);
  project.provide('ownServer', true);
  project.provide('serverPort', server.port);
}

export async function teardown(): Promise<void> {
  await Promise.all([server?.stop(), authServer?.stop()]);
}
