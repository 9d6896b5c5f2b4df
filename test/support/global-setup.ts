/**
 * Vitest global setup: one server for the whole run. FerretDB is started here
 * unless WFCTL_TEST_MONGODB_URI names a server to use instead (a real MongoDB).
 */
import type { TestProject } from 'vitest/node';
import { startFerretDb, type FerretDbServer } from './ferretdb.js';
import { ensurePythonVenv } from './python.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
    /** true when the tests started the server themselves (restart tests need that) */
    ownServer: boolean;
    serverPort: number;
  }
}

let server: FerretDbServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  ensurePythonVenv();
  const external = process.env.WFCTL_TEST_MONGODB_URI;
  if (external) {
    project.provide('mongoUri', external);
    project.provide('ownServer', false);
    project.provide('serverPort', 0);
    return;
  }
  server = await startFerretDb();
  project.provide('mongoUri', server.uri);
  project.provide('ownServer', true);
  project.provide('serverPort', server.port);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
